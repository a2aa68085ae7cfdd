/* Man pages from the command table (see man_page.h): the same summary,
 * paragraph, positionals, options, examples and exit codes as --help, in
 * troff's man macros. */
#include "cli/view/man_page.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"

/* Writes text escaped for troff: backslashes doubled as \e, hyphens as \-,
 * and a line never starting with a control character. */
static void put(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if ((p == text || p[-1] == '\n') && (*p == '.' || *p == '\''))
            fputs("\\&", out);
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-')
            fputs("\\-", out);
        else
            fputc(*p, out);
    }
}

/* The page's name: domec, domec-apply, domec-stack-init. */
static void page_name(int id, char *buf, size_t cap)
{
    char path[48];
    command_path(id, path, sizeof path);
    snprintf(buf, cap, "domec%s%s", *path ? "-" : "", path);
    for (char *p = buf; *p; p++)
        *p = *p == ' ' ? '-' : *p;
}

static void header(FILE *out, int id)
{
    char name[64], upper[64];
    page_name(id, name, sizeof name);
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof upper; i++)
        upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A' : name[i]);
    upper[i] = '\0';
    fprintf(out, ".TH %s 1 \"\" \"domec %s\" \"domec manual\"\n.SH NAME\n", upper, DOMEC_VERSION);
    put(out, name);
    fputs(" \\- ", out);
    put(out, commands[id].summary);
    fputc('\n', out);
}

static void synopsis(FILE *out, int id)
{
    char path[48], *args = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&args, &len);
    if (m) {
        args_text(m, id);
        fclose(m);
    }
    fputs(".SH SYNOPSIS\n.B domec", out);
    if (id != CMD_domec) {
        fputc(' ', out);
        put(out, command_path(id, path, sizeof path));
    }
    fputc('\n', out);
    put(out, command_flags(id) & C_GROUP ? "<subcommand> [options]" : args ? args + (len > 0) : "");
    fputs(command_flags(id) & C_GROUP ? "\n" : " [options]\n", out);
    free(args);
}

static void tagged(FILE *out, const char *tag, const char *text)
{
    fputs(".TP\n.B ", out);
    put(out, tag);
    fputc('\n', out);
    put(out, text);
    fputc('\n', out);
}

static void options(FILE *out, int id)
{
    const struct opt_spec *specs[ARGS_MAX_SPECS];
    char tag[128], text[1024];
    int n = args_specs(id, specs);
    bool any = false;
    for (size_t i = 0; i < n_command_args; i++)
        if ((int)command_args[i].cmd == id) {
            fputs(any ? "" : ".SH ARGUMENTS\n", out);
            any = true;
            tagged(out, command_args[i].name, command_args[i].help);
        }
    fputs(".SH OPTIONS\n", out);
    for (int i = 0; i < n; i++) {
        int at = specs[i]->letter ? snprintf(tag, sizeof tag, "-%c, ", specs[i]->letter) : 0;
        snprintf(tag + at, sizeof tag - (size_t)at, "--%s%s%s", specs[i]->name,
                 specs[i]->value ? " " : "", specs[i]->value ? specs[i]->value : "");
        snprintf(text, sizeof text, specs[i]->deflt ? "%s (default: %s)" : "%s", specs[i]->help,
                 specs[i]->deflt);
        tagged(out, tag, text);
    }
}

static void examples(FILE *out, int id)
{
    bool any = false;
    for (size_t i = 0; i < n_command_examples; i++)
        if ((int)command_examples[i].cmd == id) {
            fputs(any ? "" : ".SH EXAMPLES\n", out);
            any = true;
            tagged(out, command_examples[i].line, command_examples[i].what);
        }
}

static void exit_status(FILE *out, int id)
{
    struct exit_spec codes[16];
    char code[16];
    size_t n = command_exit_codes(id, codes, 16);
    fputs(".SH EXIT STATUS\n", out);
    for (size_t i = 0; i < n; i++) {
        snprintf(code, sizeof code, "%d", codes[i].code);
        tagged(out, code, codes[i].meaning);
    }
}

/* The root page: every command, the environment, the exit codes. */
static void root_body(FILE *out)
{
    char path[48], name[64];
    fputs(".SH COMMANDS\n", out);
    for (int i = 0; i < CMD_COUNT; i++)
        if (!(command_flags(i) & C_GROUP))
            tagged(out, command_path(i, path, sizeof path), commands[i].summary);
    fputs(".SH ENVIRONMENT\n", out);
    tagged(out, "CLOUDFLARE_API_TOKEN",
           "the API token, for every command that talks to Cloudflare");
    tagged(out, "CLOUDFLARE_ACCOUNT_ID", "the account id; else the program's account_id config");
    tagged(out, "CLOUDFLARE_API_BASE_URL",
           "default https://api.cloudflare.com/client/v4; point it at cfemu(1) for local runs");
    tagged(out, "DOME_STACK", "the stack when --stack is not given");
    tagged(out, "DOME_PASSPHRASE, DOME_SECRETS_KEY_FILE",
           "open a stack's sealed secrets (a _<STACK> suffix serves one stack)");
    tagged(out, "NO_COLOR", "when set and not empty, no colour even on a terminal");
    exit_status(out, CMD_domec);
    fputs(".SH SEE ALSO\n", out);
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && !(command_flags(i) & C_GROUP)) {
            page_name(i, name, sizeof name);
            put(out, name);
            fputs("(1), ", out);
        }
    fputs("cfemu(1)\n", out);
}

/* man_page: see man_page.h. */
void man_page(FILE *out, int id)
{
    header(out, id);
    synopsis(out, id);
    fputs(".SH DESCRIPTION\n", out);
    put(out, id == CMD_domec   ? "domec turns .dome programs into Cloudflare resources: it checks "
                                 "them, previews and applies their changes per stack, and keeps "
                                 "each stack's state."
             : command_doc(id) ? command_doc(id)
                               : commands[id].summary);
    fputc('\n', out);
    if (id == CMD_domec) {
        root_body(out);
        return;
    }
    if (command_flags(id) & C_GROUP) {
        char path[48];
        fputs(".SH SUBCOMMANDS\n", out);
        for (int i = 0; i < CMD_COUNT; i++)
            if (i != CMD_domec && (int)commands[i].parent == id)
                tagged(out, command_path(i, path, sizeof path), commands[i].summary);
    } else {
        options(out, id);
        examples(out, id);
        exit_status(out, id);
    }
    fputs(".SH SEE ALSO\ndomec(1)\n", out);
}
