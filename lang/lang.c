/* lang_load and friends: read a program directory and its stack file, parse,
 * check and lower. The only file in lang/ that lists directories. */
#include "lang/lang.h"
#include "lang/analysis.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lang/check.h"
#include "lang/lower.h"
#include "lang/parse.h"
#include "lang/project.h"

struct lang_unit {
    struct arena arena; /* sources, AST, model, diagnostics text */
    struct arena ir_arena;
    struct intern names;
    struct src_table src;
    struct diag diag;
    struct schema schema;
    struct program prog;
    struct ir_program *ir;
    struct ast_file *files; /* the parsed program files, then the stack file */
    size_t n_files;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t l = strlen(s), k = strlen(suffix);
    return l >= k && strcmp(s + l - k, suffix) == 0;
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *out = malloc(n);
    if (out) {
        if (!strcmp(dir, "."))
            snprintf(out, n, "%s", name);
        else
            snprintf(out, n, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name);
    }
    return out;
}

char **lang_program_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    size_t n = 0, cap = 16;
    char **list = malloc(cap * sizeof *list);
    struct dirent *de;
    while (list && (de = readdir(d))) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".dome"))
            continue;
        char *path = join_path(dir, de->d_name);
        struct stat st;
        if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(path);
            continue;
        }
        if (n + 2 > cap) {
            char **nl = realloc(list, (cap *= 2) * sizeof *list);
            if (!nl)
                break;
            list = nl;
        }
        list[n++] = path;
    }
    closedir(d);
    if (!list)
        return NULL;
    list[n] = NULL;
    qsort(list, n, sizeof *list, cmp_str);
    return list;
}

void lang_free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

static void init_keywords(struct program *p)
{
    struct intern *t = p->names;
#define KW(f) p->kw.f = intern_str(t, #f, strlen(#f))
    KW(project), KW(config), KW(defaults), KW(output), KW(stack), KW(ai), KW(name);
    KW(protect), KW(bindings), KW(vars), KW(secrets), KW(consumes), KW(encryption);
    KW(main), KW(crons);
#undef KW
    for (int k = 0; k < IR_N_KINDS; k++)
        p->kw.kinds[k] =
            intern_str(t, ir_kind_name((enum ir_kind)k), strlen(ir_kind_name((enum ir_kind)k)));
}

static struct lang_unit *unit_new(FILE *out, bool color)
{
    struct lang_unit *u = calloc(1, sizeof *u);
    if (!u) {
        fputs("domec: out of memory\n", stderr);
        abort();
    }
    arena_init(&u->arena);
    arena_init(&u->ir_arena);
    intern_init(&u->names, &u->arena);
    src_init(&u->src, &u->arena);
    diag_init(&u->diag, out, color, &u->src);
    struct program *p = &u->prog;
    p->arena = &u->arena;
    p->names = &u->names;
    p->diag = &u->diag;
    p->schema = &u->schema;
    p->stack = "dev";
    for (int k = 0; k < IR_N_KINDS; k++)
        ptrmap_init(&p->labels[k], &u->arena);
    ptrmap_init(&p->consumers, &u->arena);
    ptrmap_init(&p->main_files, &u->arena);
    init_keywords(p);
    return u;
}

/* lang_base_name: see lang/project.h. */
const char *lang_base_name(struct arena *a, const char *path)
{
    char *s = arena_strdup(a, path);
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    char *slash = strrchr(s, '/');
    char *b = slash ? slash + 1 : s;
    if (ends_with(b, ".dome"))
        b[strlen(b) - 5] = '\0';
    if (!strcmp(b, ".") || !*b) {
        char *abs = realpath(path, NULL);
        const char *last = abs ? strrchr(abs, '/') : NULL;
        const char *name = last && last[1] ? arena_strdup(a, last + 1) : "program";
        free(abs);
        return name;
    }
    return b;
}

/* Parses the files and runs every check; lowers when clean. */
static void compile(struct lang_unit *u, struct ast_file *files, size_t n,
                    struct ast_file *stack_file)
{
    struct program *p = &u->prog;
    int syntax = 0;
    for (size_t i = 0; i < n; i++)
        syntax += files[i].n_syntax_errors;
    check_program(p, files, n);
    if (p->has_stack) {
        if (stack_file)
            stack_apply(p, stack_file);
        stack_missing(p, stack_file);
    }
    check_program_rest(p);
    if (u->diag.n_errors == 0 && syntax == 0)
        u->ir = lower_program(&u->ir_arena, p);
}

static int parse_all(struct lang_unit *u, struct ast_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        parse_file(&u->arena, &u->names, &u->diag, &u->src.files[i], (uint32_t)i, &files[i]);
    return 0;
}

static bool read_sources(struct lang_unit *u, const struct lang_options *opt, const char **dir)
{
    struct stat st;
    char **list = NULL;
    if (stat(opt->dir, &st) == 0 && S_ISREG(st.st_mode)) {
        list = calloc(2, sizeof *list);
        if (list)
            list[0] = strdup(opt->dir);
        char *d = arena_strdup(&u->arena, opt->dir);
        char *slash = strrchr(d, '/');
        if (slash)
            *slash = '\0';
        *dir = slash ? d : ".";
    } else {
        list = lang_program_files(opt->dir);
        char *d = arena_strdup(&u->arena, opt->dir);
        for (size_t n = strlen(d); n > 1 && d[n - 1] == '/'; n--)
            d[n - 1] = '\0';
        *dir = d;
    }
    if (!list) {
        diag_error(&u->diag, DOME_NO_SPAN, NULL, "cannot read '%s': %s", opt->dir, strerror(errno));
        return false;
    }
    for (size_t i = 0; list[i]; i++)
        if (src_read(&u->src, list[i]) < 0)
            diag_error(&u->diag, DOME_NO_SPAN, NULL, "cannot read '%s': %s", list[i],
                       strerror(errno));
    if (!list[0])
        diag_error(&u->diag, DOME_NO_SPAN, "a program is the *.dome files directly in a directory",
                   "no .dome files in '%s'", opt->dir);
    lang_free_list(list);
    return u->diag.n_errors == 0;
}

static bool stack_char(char c, bool hyphen)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (hyphen && c == '-');
}

/* lang_stack_name_ok: see lang/lang.h. */
bool lang_stack_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > LANG_STACK_NAME_MAX || !stack_char(name[0], false) ||
        !stack_char(name[n - 1], false))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!stack_char(name[i], true))
            return false;
    return true;
}

struct lang_unit *lang_load(const struct lang_options *opt, int *n_errors)
{
    struct lang_unit *u = unit_new(opt->diag_out, opt->color);
    struct program *p = &u->prog;
    const char *dir = ".";
    p->check_files = true;
    if (schema_load(&u->schema, &u->arena, &u->names, &u->diag) == 0 &&
        read_sources(u, opt, &dir)) {
        p->dir = dir;
        p->project = lang_base_name(&u->arena, opt->dir);
        size_t n = u->src.n;
        struct ast_file *files = arena_alloc(&u->arena, (n + 1) * sizeof *files);
        parse_all(u, files, n);
        struct ast_file *stack_file = NULL;
        if (opt->stack && !lang_stack_name_ok(opt->stack)) {
            diag_error(&u->diag, DOME_NO_SPAN, "a stack name is " LANG_STACK_NAME_RULE,
                       "invalid stack name '%s'", opt->stack);
        } else if (opt->stack) {
            p->stack = arena_strdup(&u->arena, opt->stack);
            p->has_stack = true;
            char *path = arena_printf(&u->arena, "%s/stacks/%s.dome", dir, opt->stack);
            int64_t idx = src_read(&u->src, path);
            if (idx >= 0) {
                stack_file = &files[n];
                parse_file(&u->arena, &u->names, &u->diag, &u->src.files[idx], (uint32_t)idx,
                           stack_file);
            }
        }
        compile(u, files, n, stack_file);
        u->files = files;
        u->n_files = n + (stack_file != NULL);
    }
    diag_summary(&u->diag);
    *n_errors = u->diag.n_errors;
    return u;
}

const struct ir_program *lang_ir(const struct lang_unit *u)
{
    return u->ir;
}

void lang_report(struct lang_unit *u, const char *severity, struct dome_span span,
                 const char *message, const char *help)
{
    enum diag_severity sev = DIAG_ERROR;
    if (severity && !strcmp(severity, "warning"))
        sev = DIAG_WARNING;
    else if (severity && !strcmp(severity, "note"))
        sev = DIAG_NOTE;
    u->diag.has_last = false;
    diag_emit(&u->diag, sev, span, message, help);
}

void lang_unit_free(struct lang_unit *u)
{
    if (!u)
        return;
    arena_free(&u->arena);
    arena_free(&u->ir_arena);
    free(u);
}

int lang_check_buffer(const char *name, const char *text, size_t len, FILE *diag_out)
{
    struct lang_unit *u = unit_new(diag_out, false);
    struct program *p = &u->prog;
    int n = 0;
    if (schema_load(&u->schema, &u->arena, &u->names, &u->diag) == 0) {
        src_add(&u->src, name, text, len);
        p->dir = ".";
        p->project = lang_base_name(&u->arena, name);
        struct ast_file file;
        parse_file(&u->arena, &u->names, &u->diag, &u->src.files[0], 0, &file);
        compile(u, &file, 1, NULL);
    }
    n = u->diag.n_errors;
    lang_unit_free(u);
    return n;
}

/* lang_load_buffers: see lang/analysis.h. */
struct lang_unit *lang_load_buffers(const struct lang_buffer_options *opt, int *n_errors)
{
    struct lang_unit *u = unit_new(NULL, false);
    struct program *p = &u->prog;
    diag_set_sink(&u->diag, opt->sink, opt->sink_ctx);
    p->check_files = true;
    if (schema_load(&u->schema, &u->arena, &u->names, &u->diag) == 0) {
        p->dir = arena_strdup(&u->arena, opt->dir);
        p->project = lang_base_name(&u->arena, opt->dir);
        size_t n = opt->n_files;
        for (size_t i = 0; i < n; i++)
            src_add(&u->src, opt->files[i].path, opt->files[i].text, opt->files[i].len);
        struct ast_file *files = arena_alloc(&u->arena, (n + 1) * sizeof *files);
        parse_all(u, files, n);
        struct ast_file *stack_file = NULL;
        if (opt->stack) {
            p->stack = arena_strdup(&u->arena, opt->stack);
            p->has_stack = true;
            if (opt->stack_file) {
                uint32_t idx = src_add(&u->src, opt->stack_file->path, opt->stack_file->text,
                                       opt->stack_file->len);
                stack_file = &files[n];
                parse_file(&u->arena, &u->names, &u->diag, &u->src.files[idx], idx, stack_file);
            }
        }
        compile(u, files, n, stack_file);
        u->files = files;
        u->n_files = n + (stack_file != NULL);
    }
    *n_errors = u->diag.n_errors;
    return u;
}

struct program *lang_unit_program(struct lang_unit *u)
{
    return &u->prog;
}

const struct src_table *lang_unit_sources(const struct lang_unit *u)
{
    return &u->src;
}

const struct ast_file *lang_unit_files(const struct lang_unit *u, size_t *n)
{
    *n = u->n_files;
    return u->files;
}
