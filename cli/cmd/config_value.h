/* Helpers of `domec config`: turning a command-line value into checked
 * .dome source (sealing secrets), printing values, listing a stack's config. */
#ifndef DOME_STACK_CONFIG_H
#define DOME_STACK_CONFIG_H

#include "cli/args.h"

struct stackcfg_decl;

/* config_value_src checks value against declaration d (type, secret-ness)
 * and returns its .dome source in *src (malloc'd). Secrets are sealed with
 * the stack key (value NULL: read from stdin or a prompt); a stack's first
 * secret adds an encryption block to *text. Returns 0, or 1 (bad value) /
 * 2 (key or I/O failure) after printing the error. */
int config_value_src(const struct opts *o, const struct stackcfg_decl *d, const char *value,
                     char **text, char **src);

/* config_print_value prints one value: strings decoded, secrets as
 * "(sensitive)" unless o->reveal (then opened with the stack key; *text
 * may gain nothing). Returns the exit code. */
int config_print_value(const struct opts *o, const char *key, const char *src, char **text);

#endif
