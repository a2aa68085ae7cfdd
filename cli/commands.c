/* The command table of cli/commands.def as C arrays, and lookups in it. */
#include "cli/commands.h"

#include <stdio.h>
#include <string.h>

#include "lang/lang.h" /* LANG_STACK_NAME_RULE, in the help of stack init */

const struct command commands[CMD_COUNT] = {
#define GROUP(id, parent, name, summary) [CMD_##id] = {name, CMD_##parent, NULL, C_GROUP, summary},
#define CMD(id, parent, name, fn, flags, summary)                                                  \
    [CMD_##id] = {name, CMD_##parent, fn, flags, summary},
#include "cli/commands.def"
};

static const char *const docs[CMD_COUNT] = {
#define DOC(id, text) [CMD_##id] = text,
#include "cli/commands.def"
};

#define OPT_ROW(id, when, lng, letter, kind, field, value, deflt, help)                            \
    {id, when, lng, letter, kind, offsetof(struct opts, field), value, deflt, help},

const struct opt_spec command_opts[] = {
#define OPT(id, lng, letter, kind, field, value, deflt, help)                                      \
    OPT_ROW(CMD_##id, 0, lng, letter, kind, field, value, deflt, help)
#include "cli/commands.def"
};
const size_t n_command_opts = sizeof command_opts / sizeof command_opts[0];

const struct opt_spec common_opts[] = {
#define COMMON(when, lng, letter, kind, field, value, deflt, help)                                 \
    OPT_ROW(CMD_domec, when, lng, letter, kind, field, value, deflt, help)
#include "cli/commands.def"
};
const size_t n_common_opts = sizeof common_opts / sizeof common_opts[0];

const struct arg_spec command_args[] = {
#define ARG(id, name, how, help) {CMD_##id, name, how, help},
#include "cli/commands.def"
};
const size_t n_command_args = sizeof command_args / sizeof command_args[0];

const struct alias_spec command_aliases[] = {
#define ALIAS(id, name) {CMD_##id, name},
#include "cli/commands.def"
};
const size_t n_command_aliases = sizeof command_aliases / sizeof command_aliases[0];

const struct example_spec command_examples[] = {
#define EXAMPLE(id, line, what) {CMD_##id, line, what},
#include "cli/commands.def"
};
const size_t n_command_examples = sizeof command_examples / sizeof command_examples[0];

const struct exit_spec command_exits[] = {
#define EXIT(id, code, meaning) {CMD_##id, code, meaning},
#include "cli/commands.def"
};
const size_t n_command_exits = sizeof command_exits / sizeof command_exits[0];

const struct exit_spec exit_codes[] = {
    {CMD_domec, EXIT_OK, "success, and nothing left to do"},
    {CMD_domec, EXIT_PROGRAM,
     "errors in the program or the stack (diagnostics, config values, failed operations)"},
    {CMD_domec, EXIT_ENV,
     "usage, credentials, network, lock, state or I/O error; a refused confirmation"},
    {CMD_domec, EXIT_CHANGES, "changes or drift found (--detailed-exitcode, --expect-no-changes)"},
};
const size_t n_exit_codes = sizeof exit_codes / sizeof exit_codes[0];

/* command_flags: see cli/commands.h. */
int command_flags(enum cmd_id id)
{
    int flags = commands[id].flags;
    for (size_t i = 0; i < n_command_args; i++)
        if (command_args[i].cmd == id && command_args[i].how == ARG_DIR)
            flags |= C_DIR;
    return flags;
}

/* command_doc: see cli/commands.h. */
const char *command_doc(enum cmd_id id)
{
    return docs[id];
}

/* command_find: see cli/commands.h. */
int command_find(enum cmd_id parent, const char *word)
{
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && commands[i].parent == parent && !strcmp(commands[i].name, word))
            return i;
    for (size_t i = 0; i < n_command_aliases; i++)
        if (commands[command_aliases[i].cmd].parent == parent &&
            !strcmp(command_aliases[i].name, word))
            return (int)command_aliases[i].cmd;
    return -1;
}

/* command_has_common: see cli/commands.h. */
bool command_has_common(enum cmd_id id, const struct opt_spec *c)
{
    int flags = command_flags(id);
    return !(flags & C_GROUP) && (c->when == C_ALL || (flags & c->when));
}

/* command_path: see cli/commands.h. */
const char *command_path(enum cmd_id id, char *buf, size_t cap)
{
    if (id == CMD_domec)
        snprintf(buf, cap, "%s", "");
    else if (commands[id].parent == CMD_domec)
        snprintf(buf, cap, "%s", commands[id].name);
    else
        snprintf(buf, cap, "%s %s", commands[commands[id].parent].name, commands[id].name);
    return buf;
}

/* How bad an exit code is, for exit_worst. */
static int severity(int rc)
{
    return rc == EXIT_OK ? 0 : rc == EXIT_CHANGES ? 1 : rc == EXIT_PROGRAM ? 2 : 3;
}

/* exit_worst: see cli/commands.h. */
int exit_worst(int a, int b)
{
    return severity(b) > severity(a) ? b : a;
}

/* command_exit_codes: see cli/commands.h. */
size_t command_exit_codes(int id, struct exit_spec *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < n_exit_codes && n < cap; i++) {
        out[n] = exit_codes[i];
        bool own = false;
        for (size_t k = 0; k < n_command_exits; k++)
            if ((int)command_exits[k].cmd == id && command_exits[k].code == exit_codes[i].code) {
                out[n].meaning = command_exits[k].meaning;
                own = true;
            }
        if (exit_codes[i].code != EXIT_CHANGES || own || id == CMD_domec)
            n++;
    }
    for (size_t k = 0; k < n_command_exits && n < cap; k++)
        if ((int)command_exits[k].cmd == id && command_exits[k].code > EXIT_CHANGES)
            out[n++] = command_exits[k];
    return n;
}
