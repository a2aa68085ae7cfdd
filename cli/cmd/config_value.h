/* Helpers of `domec config`: turning a command-line value into checked
 * .dome source (sealing secrets), printing values, listing a stack's config. */
#ifndef DOME_STACK_CONFIG_H
#define DOME_STACK_CONFIG_H

#include "cli/args.h"

struct cJSON;
struct stackfile_decl;
struct stackfile_entry;
struct stackfile_value;

/* config_value_src checks value against declaration d (type, secret-ness)
 * and returns its .dome source in *src (malloc'd). Secrets are sealed with
 * the stack key (value NULL: read from stdin or a prompt); a stack's first
 * secret adds an encryption block to *text. Returns 0, or 1 (bad value) /
 * 2 (key or I/O failure) after printing the error. */
int config_value_src(const struct opts *o, const struct stackfile_decl *d, const char *value,
                     char **text, char **src);

/* config_print_value prints entry e: strings decoded, secrets as
 * "(sensitive)" unless o->reveal (then opened with the stack key; *text
 * may gain nothing). Returns the exit code. */
int config_print_value(const struct opts *o, const struct stackfile_entry *e, char **text);

/* config_value_json renders v for --json: strings, numbers, booleans and
 * lists as themselves, a secret as {"secret": true}, any other expression
 * as a string of its .dome source. */
struct cJSON *config_value_json(const struct stackfile_value *v);

#endif
