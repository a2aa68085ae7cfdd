/* Shell completion from the command table (see cli/complete.h). */
#include "cli/complete.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/stack/stack_common.h"
#include "lang/lang.h"
#include "lang/stackfile.h"
#include "runtime/model/kind.h"

/* What a positional or an option value is, for its candidates. */
enum value_kind { V_NONE, V_STACKS, V_ADDRESSES, V_CONFIG_KEYS, V_COMMANDS, V_FILES, V_DIRS };

struct completion {
    FILE *out;
    const char *cur; /* the word being typed */
    const char *dir; /* the program directory (--dir/-C, else .) */
};

static void offer(const struct completion *c, const char *word)
{
    if (word && !strncmp(word, c->cur, strlen(c->cur)))
        fprintf(c->out, "%s\n", word);
}

/* The kind of a positional by its name in the table. */
static enum value_kind arg_kind(const char *name, enum arg_how how)
{
    if (how == ARG_DIR)
        return strchr(name, '|') ? V_FILES : V_DIRS;
    if (!strcmp(name, "NAME"))
        return V_STACKS;
    if (!strcmp(name, "KEY"))
        return V_CONFIG_KEYS;
    if (!strncmp(name, "kind.", 5))
        return V_ADDRESSES;
    if (!strcmp(name, "COMMAND"))
        return V_COMMANDS;
    if (!strcmp(name, "PATH") || strchr(name, '|'))
        return V_FILES;
    return V_NONE;
}

/* The kind of an option's value. */
static enum value_kind value_kind(const struct opt_spec *sp)
{
    if (sp->field == offsetof(struct opts, stack))
        return V_STACKS;
    if (sp->field == offsetof(struct opts, targets))
        return V_ADDRESSES;
    if (sp->field == offsetof(struct opts, dir))
        return V_DIRS;
    if (sp->value && !strcmp(sp->value, "FILE"))
        return V_FILES;
    return V_NONE;
}

static void offer_addresses(const struct completion *c)
{
    int n_errors = 0;
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        return;
    struct lang_options opt = {c->dir, NULL, null, false};
    struct lang_unit *u = lang_load(&opt, &n_errors);
    const struct ir_program *p = n_errors == 0 ? lang_ir(u) : NULL;
    char key[256];
    for (size_t i = 0; p && i < p->n_resources; i++) {
        kind_key(key, sizeof key, p->resources[i].kind, p->resources[i].label);
        offer(c, key);
    }
    lang_unit_free(u);
    fclose(null);
}

static void offer_kind(const struct completion *c, enum value_kind kind)
{
    switch (kind) {
    case V_STACKS: {
        struct opts o = {.dir = c->dir}; /* stack files only: no backend connection */
        char err[256];
        char **names = stack_names(&o, err, sizeof err);
        for (size_t i = 0; names && names[i]; i++)
            offer(c, names[i]);
        stack_names_free(names);
        break;
    }
    case V_CONFIG_KEYS: {
        struct stackfile_decl *decls = NULL;
        long n = stackfile_decls(c->dir, &decls);
        for (long i = 0; i < n; i++)
            offer(c, decls[i].name);
        if (n >= 0)
            stackfile_decls_free(decls, n);
        break;
    }
    case V_ADDRESSES:
        offer_addresses(c);
        break;
    case V_COMMANDS:
        for (int i = 0; i < CMD_COUNT; i++)
            if (i != CMD_domec && commands[i].parent == CMD_domec)
                offer(c, commands[i].name);
        break;
    case V_FILES:
        fprintf(c->out, "__files__\n");
        break;
    case V_DIRS:
        fprintf(c->out, "__dirs__\n");
        break;
    case V_NONE:
        break;
    }
}

static void offer_subcommands(const struct completion *c, int group)
{
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && (int)commands[i].parent == group)
            offer(c, commands[i].name);
    for (size_t i = 0; i < n_command_aliases; i++)
        if ((int)commands[command_aliases[i].cmd].parent == group)
            offer(c, command_aliases[i].name);
    offer(c, "--help");
    if (group == CMD_domec)
        offer(c, "--version");
}

/* The option words[k] names (--long, --long=..., -x), or NULL. */
static const struct opt_spec *option_of(const char *word, const struct opt_spec **specs, int n)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(specs[i]->name);
        if ((word[1] == '-' && !strncmp(word + 2, specs[i]->name, len) &&
             (!word[2 + len] || word[2 + len] == '=')) ||
            (word[1] != '-' && specs[i]->letter && word[1] == specs[i]->letter))
            return specs[i];
    }
    return NULL;
}

/* The positional spec at position k (DIR last), or NULL. */
static const struct arg_spec *positional(int id, int k)
{
    const struct arg_spec *dir = NULL;
    int seen = 0;
    for (size_t i = 0; i < n_command_args; i++) {
        const struct arg_spec *a = &command_args[i];
        if ((int)a->cmd != id)
            continue;
        if (a->how == ARG_DIR)
            dir = a;
        else if (a->how == ARG_MANY || seen++ == k)
            return a;
    }
    return dir;
}

static void complete_command(struct completion *c, int id, const char *const *words, int n)
{
    const struct opt_spec *specs[ARGS_MAX_SPECS];
    int n_specs = args_specs(id, specs), k = 0;
    const struct opt_spec *pending = NULL; /* an option whose value comes next */
    for (int i = 0; i < n - 1; i++) {
        const char *w = words[i];
        if (pending) {
            if (pending->field == offsetof(struct opts, dir))
                c->dir = w;
            pending = NULL;
        } else if (w[0] == '-' && w[1]) {
            const struct opt_spec *sp = option_of(w, specs, n_specs);
            if (sp && sp->kind != OPT_FLAG && !strchr(w, '=') && (w[1] == '-' || !w[2]))
                pending = sp;
        } else {
            k++;
        }
    }
    if (pending && pending->kind == OPT_CHOICE) {
        char word[64];
        for (const char *p = pending->value; *p; p += strcspn(p, "|"), p += *p == '|') {
            snprintf(word, sizeof word, "%.*s", (int)strcspn(p, "|"), p);
            offer(c, word);
        }
    } else if (pending) {
        offer_kind(c, value_kind(pending));
    } else if (c->cur[0] == '-') {
        char word[96];
        for (int i = 0; i < n_specs; i++) {
            snprintf(word, sizeof word, "--%s", specs[i]->name);
            offer(c, word);
        }
    } else {
        const struct arg_spec *a = positional(id, k);
        if (a)
            offer_kind(c, arg_kind(a->name, a->how));
    }
}

/* complete_words: see cli/complete.h. */
void complete_words(FILE *out, const char *const *words, int n)
{
    struct completion c = {out, n > 0 ? words[n - 1] : "", "."};
    int id = CMD_domec, i = 0;
    while ((command_flags(id) & C_GROUP) && i < n - 1) {
        int sub = command_find(id, words[i]);
        if (sub < 0)
            return; /* an unknown word: nothing to offer */
        id = sub;
        i++;
    }
    if (command_flags(id) & C_GROUP)
        offer_subcommands(&c, id);
    else
        complete_command(&c, id, words + i, n - i);
}

static const char bash_script[] =
    "# bash completion for domec (generated by `domec help --completion bash`).\n"
    "# The candidates come from domec itself: `domec help --complete -- WORDS`.\n"
    "_domec() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\\n'\n"
    "    local -a c\n"
    "    c=($(domec help --complete -- \"${COMP_WORDS[@]:1:COMP_CWORD}\" 2>/dev/null))\n"
    "    case ${c[0]} in\n"
    "    __files__) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
    "    __dirs__) COMPREPLY=($(compgen -d -- \"$cur\")) ;;\n"
    "    *) COMPREPLY=(\"${c[@]}\") ;;\n"
    "    esac\n"
    "}\n"
    "complete -o filenames -F _domec domec\n";

static const char zsh_script[] =
    "#compdef domec\n"
    "# zsh completion for domec (generated by `domec help --completion zsh`),\n"
    "# installed as _domec in a directory of $fpath. The candidates come from\n"
    "# domec itself: `domec help --complete -- WORDS`.\n"
    "local -a c\n"
    "c=(\"${(@f)$(domec help --complete -- \"${(@)words[2,CURRENT]}\" 2>/dev/null)}\")\n"
    "case $c[1] in\n"
    "__files__) _files ;;\n"
    "__dirs__) _files -/ ;;\n"
    "*) compadd -- ${c:#} ;;\n"
    "esac\n";

static const char fish_script[] =
    "# fish completion for domec (generated by `domec help --completion fish`).\n"
    "# The candidates come from domec itself: `domec help --complete -- WORDS`.\n"
    "function __domec_complete\n"
    "    set -l words (commandline -opc) (commandline -ct)\n"
    "    set -e words[1]\n"
    "    set -l c (domec help --complete -- $words 2>/dev/null)\n"
    "    switch \"$c[1]\"\n"
    "        case __files__ __dirs__\n"
    "            __fish_complete_path (commandline -ct)\n"
    "        case '*'\n"
    "            printf '%s\\n' $c\n"
    "    end\n"
    "end\n"
    "complete -c domec -f -a '(__domec_complete)'\n";

/* complete_script: see cli/complete.h. */
int complete_script(FILE *out, const char *shell)
{
    const char *text = !strcmp(shell, "bash")   ? bash_script
                       : !strcmp(shell, "zsh")  ? zsh_script
                       : !strcmp(shell, "fish") ? fish_script
                                                : NULL;
    if (!text)
        return -1;
    fputs(text, out);
    return 0;
}
