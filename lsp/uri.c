/* file: URIs <-> paths (RFC 8089 as editors write them: percent-encoded). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/server.h"
#include "runtime/base/xalloc.h"

static int hex(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

char *uri_to_path(const char *uri)
{
    static const char scheme[] = "file://";
    if (!uri || strncmp(uri, scheme, sizeof scheme - 1) != 0)
        return NULL;
    const char *p = uri + sizeof scheme - 1;
    if (*p != '/') /* file://host/path: only the local host */
        p = strchr(p, '/');
    if (!p)
        return NULL;
    char *out = xmalloc(strlen(p) + 1), *o = out;
    for (; *p; p++) {
        if (*p == '%' && hex((unsigned char)p[1]) >= 0 && hex((unsigned char)p[2]) >= 0) {
            *o++ = (char)(hex((unsigned char)p[1]) * 16 + hex((unsigned char)p[2]));
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    if (strlen(out) != (size_t)(o - out)) { /* an encoded NUL */
        free(out);
        return NULL;
    }
    return out;
}

char *path_to_uri(const char *path)
{
    char *out = xmalloc(strlen(path) * 3 + 8), *o = out;
    o += sprintf(o, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("/-._~", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = '\0';
    return out;
}
