/* The one argument parser (GNU getopt_long, driven by the command table),
 * the stack resolution, and the help generated from the table. */
#include "cli/args.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "cli/stack/stack_common.h"
#include "lang/diag.h"
#include "lang/lang.h"
#include "runtime/store/stack_select.h"
#include "runtime/store/store.h"
#include "runtime/base/xalloc.h"

#define MAX_SPECS   ARGS_MAX_SPECS
#define LONG_BASE   256 /* getopt_long's val for specs[i] is LONG_BASE + i */
#define HELP_WIDTH  79  /* the help is wrapped to this many columns */
#define HELP_COLUMN 24  /* where option and argument help starts */

/* args_specs: see cli/args.h. */
int args_specs(int id, const struct opt_spec **out)
{
    int n = 0;
    for (size_t i = 0; i < n_common_opts && n < MAX_SPECS; i++)
        if (common_opts[i].when != C_ALL && command_has_common(id, &common_opts[i]))
            out[n++] = &common_opts[i];
    for (size_t i = 0; i < n_command_opts && n < MAX_SPECS; i++)
        if ((int)command_opts[i].cmd == id)
            out[n++] = &command_opts[i];
    for (size_t i = 0; i < n_common_opts && n < MAX_SPECS; i++)
        if (common_opts[i].when == C_ALL && command_has_common(id, &common_opts[i]))
            out[n++] = &common_opts[i];
    return n;
}

/* ---- errors ---- */

/* Prints "domec CMD: <message>", the usage line and where the options are
 * described; returns 2. */
__attribute__((format(printf, 2, 3))) static int usage_error(const struct opts *o, const char *fmt,
                                                             ...)
{
    va_list ap;
    fprintf(stderr, "domec %s: ", o->cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n  ");
    args_usage_line(stderr, o->id);
    fprintf(stderr, "  'domec %s --help' describes every option\n", o->cmd);
    return 2;
}

/* The long options that begin with the name in arg ("--na" or "--na=v"),
 * for the message about an unknown or ambiguous option. */
static int prefix_matches(const struct option *longopts, const char *arg, char *list, size_t cap)
{
    size_t len = strcspn(arg + 2, "=");
    int n = 0;
    list[0] = '\0';
    for (int i = 0; longopts[i].name; i++)
        if (!strncmp(longopts[i].name, arg + 2, len)) {
            size_t used = strlen(list);
            snprintf(list + used, cap - used, "%s--%s", n ? ", " : "", longopts[i].name);
            n++;
        }
    return n;
}

static int bad_option(const struct opts *o, const struct option *longopts,
                      const struct opt_spec **specs, char **argv)
{
    char name[64], list[256];
    const char *arg = argv[optind - 1];
    if (optopt >= LONG_BASE) /* a flag given a value: --yes=1 */
        return usage_error(o, "option '--%s' takes no value", specs[optopt - LONG_BASE]->name);
    if (optopt) {
        snprintf(name, sizeof name, "-%c", optopt);
        return usage_error(o, "unknown option '%s'", name);
    }
    snprintf(name, sizeof name, "%.*s", (int)strcspn(arg, "="), arg);
    if (!strncmp(arg, "--", 2) && prefix_matches(longopts, arg, list, sizeof list) > 1)
        return usage_error(o, "ambiguous option '%s' (%s)", name, list);
    const char *near = NULL;
    if (!strncmp(name, "--", 2)) {
        const char *cands[MAX_SPECS];
        size_t n = 0;
        for (int i = 0; longopts[i].name && n < MAX_SPECS; i++)
            cands[n++] = longopts[i].name;
        near = diag_suggest(name + 2, cands, n);
    }
    if (near)
        return usage_error(o, "unknown option '%s'\n  help: did you mean '--%s'?", name, near);
    return usage_error(o, "unknown option '%s'", name);
}

static int missing_value(const struct opts *o, const struct opt_spec **specs)
{
    char name[64];
    if (optopt >= LONG_BASE)
        snprintf(name, sizeof name, "--%s", specs[optopt - LONG_BASE]->name);
    else
        snprintf(name, sizeof name, "-%c", optopt);
    return usage_error(o, "missing value for '%s'", name);
}

/* ---- values ---- */

static bool is_choice(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *p = choices; *p; p += strcspn(p, "|"), p += *p == '|')
        if (n && strcspn(p, "|") == n && !strncmp(p, v, n))
            return true;
    return false;
}

/* Stores value v of option sp in o. Returns 0; -1 with what the value
 * should have been in *want; -2 when out of memory. */
static int set_value(struct opts *o, const struct opt_spec *sp, const char *v, const char **want)
{
    char *base = (char *)o + sp->field, *end = NULL, extra;
    long n;
    switch (sp->kind) {
    case OPT_FLAG:
        *(bool *)base = true;
        return 0;
    case OPT_STRING:
        *(const char **)base = v;
        return 0;
    case OPT_CHOICE:
        *want = sp->value;
        *(const char **)base = v;
        return is_choice(sp->value, v) ? 0 : -1;
    case OPT_LIST: {
        struct strlist *l = (struct strlist *)base;
        const char **nv = xrealloc(l->v, (l->n + 1) * sizeof *nv);
        if (!nv)
            return -2;
        l->v = nv;
        l->v[l->n++] = v;
        return 0;
    }
    case OPT_COUNT:
        *want = "a whole number from 1 to 256";
        n = strtol(v, &end, 10);
        if (!*v || *end || n < 1 || n > 256)
            return -1;
        *(int *)base = (int)n;
        return 0;
    case OPT_BUDGET: {
        struct budget *b = (struct budget *)base;
        *want = "N/SECONDS, two whole numbers of at least 1, e.g. 1200/300";
        return sscanf(v, "%d/%d%c", &b->requests, &b->window_s, &extra) == 2 && b->requests >= 1 &&
                       b->window_s >= 1
                   ? 0
                   : -1;
    }
    }
    return -1;
}

/* ---- positionals ---- */

static int place_positionals(struct opts *o, const char **given, int n_given, bool dir_opt)
{
    int n_fixed = 0; /* how many positionals before DIR (ARG_REQUIRED, ARG_OPTIONAL) */
    bool many = false, takes_dir = command_flags(o->id) & C_DIR, dir_pos = false;
    const char *first_missing = NULL;
    for (size_t i = 0; i < n_command_args; i++) {
        const struct arg_spec *a = &command_args[i];
        if ((int)a->cmd != o->id)
            continue;
        many |= a->how == ARG_MANY;
        n_fixed += a->how == ARG_REQUIRED || a->how == ARG_OPTIONAL;
    }
    for (int i = 0; i < n_given; i++) {
        if (many || o->n_pos < n_fixed)
            o->pos[o->n_pos++] = given[i];
        else if (takes_dir && !dir_opt && !dir_pos) {
            o->dir = given[i];
            dir_pos = true;
        } else if (takes_dir && dir_opt && !dir_pos) {
            return usage_error(o,
                               "unexpected argument '%s' (the program directory is "
                               "already given: --dir %s)",
                               given[i], o->dir);
        } else {
            return usage_error(o, "unexpected argument '%s'", given[i]);
        }
    }
    int k = 0;
    for (size_t i = 0; i < n_command_args && !first_missing; i++)
        if ((int)command_args[i].cmd == o->id && command_args[i].how == ARG_REQUIRED &&
            k++ >= o->n_pos)
            first_missing = command_args[i].name;
    if (first_missing)
        return usage_error(o, "missing %s", first_missing);
    return 0;
}

/* ---- the parser ---- */

/* args_parse: see cli/args.h. */
int args_parse(int id, int argc, char **argv, struct opts *o)
{
    const struct opt_spec *specs[MAX_SPECS];
    struct option longopts[MAX_SPECS + 1];
    char shorts[4 + 2 * MAX_SPECS] = "-:"; /* '-': positionals in order, as 1 */
    memset(o, 0, sizeof *o);
    o->id = id;
    o->dir = ".";
    o->cmd = command_path(id, o->cmd_buf, sizeof o->cmd_buf);
    o->pos = xcalloc((size_t)argc + 1, sizeof *o->pos);
    const char **given = xcalloc((size_t)argc + 1, sizeof *given);
    if (!o->pos || !given) {
        free(given);
        fprintf(stderr, "domec %s: out of memory\n", o->cmd);
        return 2;
    }
    int n = args_specs(id, specs);
    for (int i = 0; i < n; i++) {
        longopts[i] = (struct option){specs[i]->name,
                                      specs[i]->kind == OPT_FLAG ? no_argument : required_argument,
                                      NULL, LONG_BASE + i};
        for (int j = 0; j < i; j++)
            if (!strcmp(specs[i]->name, specs[j]->name) ||
                (specs[i]->letter && specs[i]->letter == specs[j]->letter)) {
                fprintf(stderr, "domec %s: internal error: option --%s listed twice\n", o->cmd,
                        specs[i]->name);
                free(given);
                return 2;
            }
        if (specs[i]->letter) {
            size_t len = strlen(shorts);
            shorts[len++] = specs[i]->letter;
            if (specs[i]->kind != OPT_FLAG)
                shorts[len++] = ':';
            shorts[len] = '\0';
        }
    }
    longopts[n] = (struct option){NULL, 0, NULL, 0};

    int n_given = 0, c, rc = 0;
    bool dir_opt = false;
    optind = 0; /* glibc: start afresh (and re-read the optstring) */
    opterr = 0; /* the messages are ours */
    while (rc == 0 && (c = getopt_long(argc, argv, shorts, longopts, NULL)) != -1) {
        const struct opt_spec *sp = NULL;
        const char *want = "";
        int set;
        if (c == 1) {
            given[n_given++] = optarg;
            continue;
        }
        if (c == '?') {
            rc = bad_option(o, longopts, specs, argv);
            break;
        }
        if (c == ':') {
            rc = missing_value(o, specs);
            break;
        }
        if (c >= LONG_BASE)
            sp = specs[c - LONG_BASE];
        for (int i = 0; !sp && i < n; i++)
            if (specs[i]->letter == c)
                sp = specs[i];
        if (sp->field == offsetof(struct opts, help)) {
            args_help(stdout, id);
            rc = 1;
        } else if ((set = set_value(o, sp, optarg, &want)) == -1) {
            rc = usage_error(o, "bad value '%s' for '--%s': want %s", optarg, sp->name, want);
        } else if (set != 0) {
            fprintf(stderr, "domec %s: out of memory\n", o->cmd);
            rc = 2;
        }
        dir_opt |= sp->field == offsetof(struct opts, dir);
    }
    while (rc == 0 && optind < argc) /* after "--" */
        given[n_given++] = argv[optind++];
    if (rc == 0)
        rc = place_positionals(o, given, n_given, dir_opt);
    free(given);
    if (rc == 0 && !*o->dir)
        o->dir = ".";
    if (rc == 0)
        rc = args_backend(o);
    return rc ? rc : args_stack(o);
}

/* ---- the stack ---- */

/* known_stack: only `stack init` creates a stack, so a mistyped --stack
 * never deploys a second copy of everything. 0, or 2 after naming the
 * stacks there are. */
static int known_stack(const struct opts *o, const char *from)
{
    struct stat sb;
    const char *dir = stat(o->dir, &sb) == 0 && !S_ISDIR(sb.st_mode) ? "." : o->dir;
    char err[1024];
    int found = stack_exists(o, o->stack, err, sizeof err);
    if (found == 1)
        return 0;
    char **names = found == 0 ? stack_names(o, err, sizeof err) : NULL;
    if (!names) { /* an unreachable backend: not "no stack" */
        fprintf(stderr, "domec %s: %s\n", o->cmd, err);
        return 2;
    }
    size_t n = 0;
    while (names && names[n])
        n++;
    const char *near = diag_suggest(o->stack, (const char *const *)names, n);
    fprintf(stderr, "domec %s: no stack '%s' (from %s) in %s\n", o->cmd, o->stack, from, dir);
    if (near)
        fprintf(stderr, "  help: did you mean '%s'?\n", near);
    else
        fprintf(stderr, "  help: the stacks are:%s\n", n ? "" : " none yet");
    for (size_t i = 0; !near && i < n; i++)
        fprintf(stderr, "    %s\n", names[i]);
    fprintf(stderr, "  help: `domec stack init %s` creates it\n", o->stack);
    stack_names_free(names);
    return 2;
}

/* args_stack: see cli/args.h. */
int args_stack(struct opts *o)
{
    int flags = command_flags(o->id);
    const char *from = "--stack";
    struct stat sb;
    if (!(flags & C_STACK) || o->all_stacks)
        return 0;
    bool is_plan = stat(o->dir, &sb) == 0 && !S_ISDIR(sb.st_mode);
    if (is_plan && (!o->stack || !*o->stack))
        return 0; /* apply plan.json: the plan names its stack (cli/cmd/cmd_apply.c) */
    if (!o->stack || !*o->stack) {
        o->stack = getenv("DOME_STACK");
        from = "DOME_STACK";
    }
    if (!o->stack || !*o->stack) {
        const char *dir = stat(o->dir, &sb) == 0 && !S_ISDIR(sb.st_mode) ? "." : o->dir;
        o->stack = stack_selected_into(dir, o->stack_buf, sizeof o->stack_buf) == 0
                       ? o->stack_buf
                       : NULL; /* runtime/store/stack_select.c */
        from = "the stack selected with `domec stack select`";
    }
    if (!o->stack) {
        if ((flags & C_NEEDS_STACK) != C_NEEDS_STACK)
            return 0;
        fprintf(stderr,
                "domec %s: no stack given\n  help: add --stack NAME (e.g. --stack dev), "
                "set DOME_STACK, or choose a default with `domec stack select NAME`\n",
                o->cmd);
        return 2;
    }
    if (!lang_stack_name_ok(o->stack)) {
        fprintf(stderr,
                "domec %s: invalid stack name '%s' (from %s)\n  help: a stack name "
                "is " LANG_STACK_NAME_RULE "\n",
                o->cmd, o->stack, from);
        return 2;
    }
    return (flags & C_NEEDS_STACK) == C_NEEDS_STACK && !is_plan ? known_stack(o, from) : 0;
}

/* ---- help ---- */

/* Prints text from column col on, wrapped at HELP_WIDTH; continuation
 * lines start at column indent. Ends the line. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
    const char *p = text;
    while (*p) {
        size_t word = strcspn(p, " ");
        if (col > indent && col + 1 + (int)word > HELP_WIDTH) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fprintf(out, "%.*s", (int)word, p);
        col += (int)word;
        p += word;
        while (*p == ' ')
            p++;
    }
    fputc('\n', out);
}

/* One row of a two-column list: left, then from column col on text (and
 * its default), wrapped. A left part too wide for col gets its own line. */
static void row(FILE *out, int col, const char *left, const char *text, const char *deflt)
{
    char buf[1024];
    int at = fprintf(out, "  %s", left);
    if (at > col - 2)
        fprintf(out, "\n%*s", col, "");
    else
        fprintf(out, "%*s", col - at, "");
    snprintf(buf, sizeof buf, deflt ? "%s (default: %s)" : "%s", text, deflt);
    wrap(out, buf, col, col);
}

/* The column for a list whose widest left part is width wide. */
static int column(size_t width)
{
    return width + 4 < HELP_COLUMN ? (int)width + 4 : HELP_COLUMN;
}

/* args_text: see cli/args.h. */
void args_text(FILE *out, int id)
{
    for (size_t i = 0; i < n_command_args; i++) {
        const struct arg_spec *a = &command_args[i];
        if ((int)a->cmd != id)
            continue;
        fprintf(out,
                a->how == ARG_REQUIRED ? " %s"
                : a->how == ARG_MANY   ? " [%s...]"
                                       : " [%s]",
                a->name);
    }
}

/* args_usage_line: see cli/args.h. */
void args_usage_line(FILE *out, int id)
{
    char path[48];
    command_path(id, path, sizeof path);
    if (id == CMD_domec)
        fprintf(out, "usage: domec <command> [options]\n");
    else if (command_flags(id) & C_GROUP)
        fprintf(out, "usage: domec %s <subcommand> [options]\n", path);
    else {
        fprintf(out, "usage: domec %s", path);
        args_text(out, id);
        fprintf(out, " [options]\n");
    }
}

/* The left part of a subcommand's row: its name and aliases. */
static void sub_left(int id, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", commands[id].name);
    for (size_t k = 0; k < n_command_aliases; k++)
        if ((int)command_aliases[k].cmd == id)
            snprintf(buf + strlen(buf), cap - strlen(buf), ", %s", command_aliases[k].name);
}

/* The examples of command id (a usage-line example when the table has
 * none). */
static void examples_help(FILE *out, int id)
{
    char path[48];
    bool any = false;
    fprintf(out, "\nexamples:\n");
    for (size_t i = 0; i < n_command_examples; i++)
        if ((int)command_examples[i].cmd == id) {
            fprintf(out, "  %s\n    ", command_examples[i].line);
            wrap(out, command_examples[i].what, 4, 4);
            any = true;
        }
    if (!any) {
        fprintf(out, "  domec %s", command_path(id, path, sizeof path));
        args_text(out, id);
        fputc('\n', out);
    }
}

/* The exit codes of command id (command_exit_codes). */
static void exit_help(FILE *out, int id)
{
    struct exit_spec codes[16];
    char code[16];
    size_t n = command_exit_codes(id, codes, 16);
    fprintf(out, "\nexit codes:\n");
    for (size_t i = 0; i < n; i++) {
        snprintf(code, sizeof code, "%d", codes[i].code);
        row(out, 8, code, codes[i].meaning, NULL);
    }
}

static void group_help(FILE *out, int id)
{
    char left[64], path[48];
    size_t width = 0;
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && (int)commands[i].parent == id) {
            sub_left(i, left, sizeof left);
            width = strlen(left) > width ? strlen(left) : width;
        }
    fprintf(out, "\n%s\n\n%s:\n", commands[id].summary,
            id == CMD_domec ? "commands" : "subcommands");
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && (int)commands[i].parent == id) {
            sub_left(i, left, sizeof left);
            row(out, column(width), left, commands[i].summary, NULL);
        }
    command_path(id, path, sizeof path);
    fputc('\n', out);
    if (id == CMD_domec) {
        wrap(out,
             "'domec <command> --help' (or 'domec help <command>') describes a command. "
             "'domec init DIR' starts a new program.",
             0, 0);
        exit_help(out, id);
    } else {
        char text[256];
        snprintf(text, sizeof text,
                 "'domec %s <subcommand> --help' (or 'domec help %s "
                 "<subcommand>') describes a subcommand.",
                 path, path);
        wrap(out, text, 0, 0);
    }
}

/* The left part of an option's row: "-s, --stack NAME" or "    --diff". */
static void opt_left(const struct opt_spec *sp, char *buf, size_t cap)
{
    int len = snprintf(buf, cap, sp->letter ? "-%c, " : "    ", sp->letter);
    snprintf(buf + len, cap - (size_t)len, sp->value ? "--%s %s" : "--%s%s", sp->name,
             sp->value ? sp->value : "");
}

/* args_help: see cli/args.h. */
void args_help(FILE *out, int id)
{
    const struct opt_spec *specs[MAX_SPECS];
    char left[96];
    size_t width = 0;
    args_usage_line(out, id);
    if (command_flags(id) & C_GROUP) {
        group_help(out, id);
        return;
    }
    fprintf(out, "\n%s\n", commands[id].summary);
    if (command_doc(id)) {
        fputc('\n', out);
        wrap(out, command_doc(id), 0, 0);
    }
    int n = args_specs(id, specs);
    for (size_t i = 0; i < n_command_args; i++)
        if ((int)command_args[i].cmd == id && strlen(command_args[i].name) > width)
            width = strlen(command_args[i].name);
    for (int i = 0; i < n; i++) {
        opt_left(specs[i], left, sizeof left);
        width = strlen(left) > width ? strlen(left) : width;
    }
    bool any = false;
    for (size_t i = 0; i < n_command_args; i++)
        if ((int)command_args[i].cmd == id) {
            fprintf(out, any ? "" : "\narguments:\n");
            any = true;
            row(out, column(width), command_args[i].name, command_args[i].help, NULL);
        }
    fprintf(out, "\noptions:\n");
    for (int i = 0; i < n; i++) {
        opt_left(specs[i], left, sizeof left);
        row(out, column(width), left, specs[i]->help, specs[i]->deflt);
    }
    examples_help(out, id);
    exit_help(out, id);
}

/* args_list: see cli/args.h. */
void args_list(FILE *out)
{
    const struct opt_spec *specs[MAX_SPECS];
    char path[48];
    for (int id = 0; id < CMD_COUNT; id++) {
        int flags = command_flags(id);
        if (flags & C_GROUP)
            continue;
        fprintf(out, "%s\t", command_path(id, path, sizeof path));
        const char *stack = !(flags & C_STACK)                         ? NULL
                            : (flags & C_NEEDS_STACK) == C_NEEDS_STACK ? "needs-stack"
                                                                       : "stack";
        if (stack && (flags & C_DIR))
            fprintf(out, "%s,dir\t", stack);
        else
            fprintf(out, "%s\t", stack ? stack : flags & C_DIR ? "dir" : "-");
        bool any = false;
        for (size_t i = 0; i < n_command_args; i++)
            if ((int)command_args[i].cmd == id)
                any = true;
        if (any) {
            /* the usage line's arguments, without the leading space */
            char *text = NULL;
            size_t len = 0;
            FILE *m = open_memstream(&text, &len);
            if (m) {
                args_text(m, id);
                fclose(m);
                fputs(text + (len > 0), out);
            }
            free(text);
        } else {
            fputc('-', out);
        }
        fputc('\t', out);
        int n = args_specs(id, specs);
        for (int i = 0; i < n; i++) {
            fprintf(out, i ? " --%s" : "--%s", specs[i]->name);
            if (specs[i]->value)
                fprintf(out, "=%s", specs[i]->value);
            if (specs[i]->letter)
                fprintf(out, " -%c", specs[i]->letter);
        }
        fputc('\n', out);
    }
}

/* opts_free: see cli/args.h. */
void opts_free(struct opts *o)
{
    store_free(o->store);
    o->store = NULL;
    free(o->pos);
    free(o->targets.v);
    free(o->from_wrangler.v);
    o->pos = NULL;
    o->targets.v = NULL;
    o->from_wrangler.v = NULL;
    o->n_pos = 0;
    o->targets.n = 0;
    o->from_wrangler.n = 0;
}
