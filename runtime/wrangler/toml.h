/* TOML (the subset wrangler documents: tables, arrays of tables, dotted and
 * quoted keys, basic/literal/multi-line strings, integers, floats,
 * booleans, dates, arrays, inline tables) read into cJSON, with a flex
 * scanner and a bison parser. Dates and times stay strings. */
#ifndef DOME_TOML_H
#define DOME_TOML_H

#include <stddef.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"

/* toml_parse parses text[0..len) (named file in messages). Returns the
 * document as a cJSON object (caller deletes), or NULL with err set to
 * "FILE:LINE:COL: what is wrong". */
cJSON *toml_parse(const char *file, const char *text, size_t len, char *err,
                  size_t err_len) WARN_UNUSED;

#endif
