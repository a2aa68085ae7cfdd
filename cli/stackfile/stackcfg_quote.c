/* .dome string literals for values written by `domec config set`: quoting
 * and decoding plain (interpolation-free) literals. */
#include <stdlib.h>
#include <string.h>

#include "cli/stackfile/stackcfg.h"

/* stackcfg_quote: see cli/stackfile/stackcfg.h. */
char *stackcfg_quote(const char *s)
{
    char *out = malloc(strlen(s) * 2 + 3), *o = out;
    if (!out)
        return NULL;
    *o++ = '"';
    for (; *s; s++) {
        char c = *s;
        if (c == '\n' || c == '\t') {
            *o++ = '\\';
            *o++ = c == '\n' ? 'n' : 't';
            continue;
        }
        if (c == '"' || c == '\\' || c == '$')
            *o++ = '\\';
        *o++ = c;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* stackcfg_unquote: see cli/stackfile/stackcfg.h. */
char *stackcfg_unquote(const char *src)
{
    size_t n = strlen(src);
    if (n < 2 || src[0] != '"' || src[n - 1] != '"')
        return NULL;
    char *out = malloc(n), *o = out;
    for (size_t i = 1; out && i + 1 < n; i++) {
        char c = src[i];
        if (c == '$' && src[i + 1] == '{')
            break; /* interpolation: not a plain literal */
        if (c == '\\' && i + 2 < n) {
            c = src[++i];
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        *o++ = c;
        if (i + 2 == n) {
            *o = '\0';
            return out;
        }
    }
    if (out && n == 2) {
        *out = '\0';
        return out;
    }
    free(out);
    return NULL;
}
