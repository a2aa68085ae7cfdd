/* Building the cJSON document from parsed TOML statements: keys (arrays
 * of segments) walked from a table, tables and arrays of tables opened by
 * headers, duplicates refused. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/wrangler/toml_int.h"

/* toml_error_at: see toml_int.h. */
void toml_error_at(struct toml_ctx *c, const struct toml_loc *loc, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    if (c->has_error)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->err_len, "%s:%d:%d: %s", c->file, loc->first_line, loc->first_column, msg);
    c->has_error = true;
}

/* descend: the table at segment name under t, created when missing; the
 * last table of an array of tables. NULL when name holds a value. */
static cJSON *descend(cJSON *t, const char *name)
{
    cJSON *next = cJSON_GetObjectItemCaseSensitive(t, name);
    if (!next)
        return cJSON_AddObjectToObject(t, name);
    if (cJSON_IsArray(next)) {
        cJSON *last = cJSON_GetArrayItem(next, cJSON_GetArraySize(next) - 1);
        return cJSON_IsObject(last) ? last : NULL;
    }
    return cJSON_IsObject(next) ? next : NULL;
}

/* walk: the table named by every segment of key but the last. */
static cJSON *walk(struct toml_ctx *c, const struct toml_loc *loc, cJSON *t, const cJSON *key)
{
    int n = cJSON_GetArraySize(key);
    for (int i = 0; t && i < n - 1; i++) {
        const char *seg = cJSON_GetArrayItem(key, i)->valuestring;
        t = descend(t, seg);
        if (!t)
            toml_error_at(c, loc, "'%s' already holds a value, not a table", seg);
    }
    return t;
}

static const char *last_segment(const cJSON *key)
{
    return cJSON_GetArrayItem(key, cJSON_GetArraySize(key) - 1)->valuestring;
}

/* toml_set: see toml_int.h. Consumes key and value. */
int toml_set(struct toml_ctx *c, const struct toml_loc *loc, cJSON *table, cJSON *key, cJSON *value)
{
    cJSON *t = walk(c, loc, table, key);
    int rc = -1;
    if (t && cJSON_GetObjectItemCaseSensitive(t, last_segment(key)))
        toml_error_at(c, loc, "key '%s' is defined twice", last_segment(key));
    else if (t) {
        cJSON_AddItemToObject(t, last_segment(key), value);
        value = NULL;
        rc = 0;
    }
    cJSON_Delete(value);
    cJSON_Delete(key);
    return rc;
}

/* toml_table: see toml_int.h ([a.b]: keyvals go to table a.b). */
int toml_table(struct toml_ctx *c, const struct toml_loc *loc, cJSON *key)
{
    cJSON *t = walk(c, loc, c->root, key);
    cJSON *next = t ? descend(t, last_segment(key)) : NULL;
    if (t && !next)
        toml_error_at(c, loc, "'%s' already holds a value, not a table", last_segment(key));
    if (next)
        c->current = next;
    cJSON_Delete(key);
    return next ? 0 : -1;
}

/* toml_array_table: see toml_int.h ([[a.b]]: a new table appended to the
 * array a.b). */
int toml_array_table(struct toml_ctx *c, const struct toml_loc *loc, cJSON *key)
{
    cJSON *t = walk(c, loc, c->root, key);
    cJSON *arr = t ? cJSON_GetObjectItemCaseSensitive(t, last_segment(key)) : NULL;
    if (t && !arr)
        arr = cJSON_AddArrayToObject(t, last_segment(key));
    if (t && !cJSON_IsArray(arr))
        toml_error_at(c, loc, "'%s' is not an array of tables", last_segment(key));
    cJSON *next = t && cJSON_IsArray(arr) ? cJSON_CreateObject() : NULL;
    if (next) {
        cJSON_AddItemToArray(arr, next);
        c->current = next;
    }
    cJSON_Delete(key);
    return next ? 0 : -1;
}

static int hex(char ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

/* utf8 writes code point cp at out; returns the bytes written (0: invalid). */
static size_t utf8(unsigned long cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000 && (cp < 0xD800 || cp > 0xDFFF)) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

/* toml_unescape: see toml_int.h. A backslash at the end of a line (in a
 * multi-line string) joins it to the next non-blank text. */
char *toml_unescape(const char *s, size_t len, const char **why)
{
    char *out = xmalloc(len + 1), *o = out;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\') {
            *o++ = s[i];
            continue;
        }
        char e = ++i < len ? s[i] : '\0';
        const char *simple = strchr("btnfr\"\\", e);
        if (e && simple) {
            *o++ = "\b\t\n\f\r\"\\"[simple - "btnfr\"\\"];
        } else if (e == 'u' || e == 'U') {
            size_t n = e == 'u' ? 4 : 8;
            unsigned long cp = 0;
            for (size_t k = 0; k < n; k++) {
                int h = i + 1 + k < len ? hex(s[i + 1 + k]) : -1;
                if (h < 0) {
                    *why = "a \\u escape needs 4 hex digits (\\U: 8)";
                    free(out);
                    return NULL;
                }
                cp = cp * 16 + (unsigned long)h;
            }
            i += n;
            size_t w = utf8(cp, o);
            if (!w) {
                *why = "the escape is not a Unicode scalar value";
                free(out);
                return NULL;
            }
            o += w;
        } else if (e == ' ' || e == '\t' || e == '\n' || e == '\r') {
            while (i < len && strchr(" \t\r\n", s[i]))
                i++;
            i--;
        } else {
            *why = "unknown escape (use \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)";
            free(out);
            return NULL;
        }
    }
    *o = '\0';
    return out;
}
