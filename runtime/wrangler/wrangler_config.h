/* A wrangler configuration file (wrangler.toml, wrangler.jsonc or
 * wrangler.json) read into cJSON: TOML by the TOML parser (toml.h), JSONC
 * with its comments and trailing commas removed first. */
#ifndef DOME_WRANGLER_CONFIG_H
#define DOME_WRANGLER_CONFIG_H

#include <stddef.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"

/* wrangler_config_read reads path. Returns the configuration (caller
 * deletes), or NULL with err "PATH:LINE:COL: what" (or the read error). */
cJSON *wrangler_config_read(const char *path, char *err, size_t err_len) WARN_UNUSED;

/* jsonc_parse parses JSON with // and block comments and trailing commas
 * (named file in messages). NULL with err "FILE:LINE:COL: ...". */
cJSON *jsonc_parse(const char *file, const char *text, size_t len, char *err,
                   size_t err_len) WARN_UNUSED;

#endif
