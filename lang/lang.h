/* The front end's entry points: load, check and lower a program directory
 * (plus a stack file) to the IR. A lang_unit owns the sources, diagnostics
 * and the IR arena; free it with lang_unit_free once the IR is not needed. */
#ifndef DOME_LANG_H
#define DOME_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lang/ir.h"
#include "lang/span.h"

struct lang_unit; /* one compilation: sources, diagnostics, IR arena */

struct lang_options {
    const char *dir;   /* program directory, or one .dome file */
    const char *stack; /* NULL: no stack (program-only check) */
    FILE *diag_out;    /* where diagnostics go (stderr) */
    bool color;        /* caller decides (isatty && !NO_COLOR) */
};

/* Loads, checks and lowers the program. Always returns a unit (free it);
 * *n_errors is the number of errors printed; the IR is NULL when n_errors>0.
 * Without a stack the IR is lowered for stack "dev" and config values that
 * only a stack provides are IR_NULL (secrets: IR_SECRET with sealed NULL).
 * Prints the "domec: N errors" summary line when there were errors. */
struct lang_unit *lang_load(const struct lang_options *opt, int *n_errors);

/* lang_ir returns the checked program, or NULL if it had errors. */
const struct ir_program *lang_ir(const struct lang_unit *u);

/* Prints one diagnostic at span in the standard format (for runtime errors
 * reported against the resource that caused them). severity: "error",
 * "warning", "note". help may be NULL. */
void lang_report(struct lang_unit *u, const char *severity, struct dome_span span,
                 const char *message, const char *help);

/* lang_unit_free releases everything the unit owns, the IR included. */
void lang_unit_free(struct lang_unit *u);

/* Parses and checks one in-memory file as a whole program (fuzzing, tests).
 * Touches no file: worker main files are not looked up and file() gives an
 * unknown string. Returns the error count. */
int lang_check_buffer(const char *name, const char *text, size_t len, FILE *diag_out);

/* Stack names. A stack's name is interpolated into physical names (the
 * default naming is "${project}-${name}-${stack}") and names its stack file
 * (stacks/NAME.dome) and state (.dome/NAME.json), so it may only hold what
 * every Cloudflare name rule in stdlib/schema.dome allows in any position:
 * R2 bucket names take only lowercase letters, digits and hyphens, and
 * begin and end with a letter or digit. Hence the rule: 1 to 32 characters
 * (leaving room for project and resource name in a 63-character name),
 * lowercase letters a-z, digits 0-9 and '-', beginning and ending with a
 * letter or digit. No '_', no upper case, no '.', no '/'. */
#define LANG_STACK_NAME_MAX 32
#define LANG_STACK_NAME_RULE                                                                       \
    "1 to 32 lowercase letters, digits and '-', beginning and ending with a letter or "            \
    "digit"

/* lang_stack_name_ok is true when name follows the stack-name rule above.
 * Every place that accepts a stack name (the command line, stack init and
 * select, the selected stack, lang_load) asks this one function. */
bool lang_stack_name_ok(const char *name);

/* lang_program_files lists the *.dome files directly in dir, sorted, as
 * malloc'd paths in a NULL-terminated malloc'd array (free with
 * lang_free_list). Returns NULL with errno set if dir cannot be read. */
char **lang_program_files(const char *dir);

/* lang_project reads the project block of the program in dir by parsing
 * alone (no checks: `domec check` reports its errors): *project gets its
 * name (without a project block: the directory's base name, as lang_load
 * gives it) and *backend its `backend = "..."` (NULL when absent), each
 * malloc'd. Returns 0, or -1 with errno when dir cannot be read. */
int lang_project(const char *dir, char **project, char **backend);

/* lang_free_list frees a list from lang_program_files. */
void lang_free_list(char **list);

#endif
