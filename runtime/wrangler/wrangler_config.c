/* Reading wrangler configuration files (see wrangler_config.h). */
#include "runtime/wrangler/wrangler_config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/fsutil.h"
#include "runtime/wrangler/toml.h"

/* plain_json: text with comments blanked (newlines kept, so positions
 * stay) and each comma that only precedes a closing bracket blanked. */
static char *plain_json(const char *text, size_t len)
{
    char *out = xstrndup(text, len);
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        if (in_str) {
            if (out[i] == '\\')
                i++;
            else if (out[i] == '"')
                in_str = false;
        } else if (out[i] == '"') {
            in_str = true;
        } else if (out[i] == '/' && i + 1 < len && out[i + 1] == '/') {
            while (i < len && out[i] != '\n')
                out[i++] = ' ';
        } else if (out[i] == '/' && i + 1 < len && out[i + 1] == '*') {
            for (; i < len && !(out[i] == '*' && i + 1 < len && out[i + 1] == '/'); i++)
                if (out[i] != '\n')
                    out[i] = ' ';
            if (i < len)
                out[i] = out[i + 1] = ' ';
            i++;
        } else if (out[i] == ',') {
            size_t k = i + 1;
            while (k < len && strchr(" \t\r\n", out[k]))
                k++;
            if (k < len && (out[k] == ']' || out[k] == '}'))
                out[i] = ' ';
        }
    }
    return out;
}

/* jsonc_parse: see wrangler_config.h. A comment after a trailing comma is
 * blanked before the comma is looked at, since comments come first. */
cJSON *jsonc_parse(const char *file, const char *text, size_t len, char *err, size_t err_len)
{
    char *once = plain_json(text, len);
    char *plain = plain_json(once, len); /* commas before a comment, now blank */
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts(plain, len, &end, false);
    if (!doc) {
        size_t off = end ? (size_t)(end - plain) : 0, line = 1, col = 1;
        for (size_t i = 0; i < off && i < len; i++) {
            line += plain[i] == '\n';
            col = plain[i] == '\n' ? 1 : col + 1;
        }
        snprintf(err, err_len, "%s:%zu:%zu: not valid JSON (with comments) here", file, line, col);
    } else if (!cJSON_IsObject(doc)) {
        snprintf(err, err_len, "%s:1:1: a wrangler configuration is a JSON object", file);
        cJSON_Delete(doc);
        doc = NULL;
    }
    free(plain);
    free(once);
    return doc;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* wrangler_config_read: see wrangler_config.h. */
cJSON *wrangler_config_read(const char *path, char *err, size_t err_len)
{
    size_t len = 0;
    char *text = fs_read_all(path, &len);
    if (!text) {
        snprintf(err, err_len, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    cJSON *doc = ends_with(path, ".toml") ? toml_parse(path, text, len, err, err_len)
                                          : jsonc_parse(path, text, len, err, err_len);
    free(text);
    return doc;
}
