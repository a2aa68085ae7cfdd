/* Attribute diffs people can review: one line per changed element, not
 * per attribute. A worker's bindings show as vars.NAME, secrets.NAME and
 * bindings.NAME, each added (+), removed (-) or changed (~) on its own;
 * queue consumers by queue; lists of words (crons, flags) by element;
 * hashes shortened to 12 characters. Secrets never show: (sensitive), or
 * (sensitive, changed) when their keyed hash changed. */
#ifndef DOME_DIFF_PRINT_H
#define DOME_DIFF_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include <cJSON.h>

/* diff_print_attr writes the changes of attribute name from before to
 * after (either may be NULL: absent), each line indented by indent
 * spaces, coloured when color is set. */
void diff_print_attr(FILE *out, int indent, const char *name, const cJSON *before,
                     const cJSON *after, bool color);

/* diff_print_created writes every attribute of a new resource's attrs
 * object, each element as an addition. */
void diff_print_created(FILE *out, int indent, const cJSON *attrs, bool color);

#endif
