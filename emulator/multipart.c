/* cfemu: multipart/form-data parsing over a complete body (parts point
 * into it, so binary modules survive) and base64 for storing module bodies. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

static const char *memfind(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0 || n < m)
        return NULL;
    for (const char *p = hay; p + m <= hay + n; p++) {
        p = memchr(p, needle[0], (size_t)(hay + n - p));
        if (!p || p + m > hay + n)
            return NULL;
        if (memcmp(p, needle, m) == 0)
            return p;
    }
    return NULL;
}

static const char *find_ci(const char *h, const char *key)
{
    size_t k = strlen(key);
    for (; *h; h++)
        if (strncasecmp(h, key, k) == 0)
            return h;
    return NULL;
}

/* Copies the value of param (e.g. boundary, name) from a header value. */
static bool param(const char *h, const char *key, char *out, size_t outlen)
{
    size_t klen = strlen(key);
    for (const char *p = h; (p = find_ci(p, key)) != NULL; p += klen) {
        if (p != h && p[-1] != ';' && p[-1] != ' ' && p[-1] != '\t')
            continue;
        const char *v = p + klen;
        while (*v == ' ')
            v++;
        if (*v != '=')
            continue;
        v++;
        while (*v == ' ')
            v++;
        size_t n = 0;
        if (*v == '"') {
            for (v++; v[n] && v[n] != '"'; n++)
                ;
        } else {
            while (v[n] && v[n] != ';' && !isspace((unsigned char)v[n]))
                n++;
        }
        snprintf(out, outlen, "%.*s", (int)n, v);
        return true;
    }
    return false;
}

static void part_headers(struct mp_part *p, const char *h, size_t n)
{
    char line[1024];
    while (n > 0) {
        const char *eol = memchr(h, '\n', n);
        size_t len = eol ? (size_t)(eol - h) : n;
        snprintf(line, sizeof line, "%.*s", (int)len, h);
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[l - 1] = '\0';
        if (strncasecmp(line, "content-disposition:", 20) == 0) {
            param(line + 20, "name", p->name, sizeof p->name);
            param(line + 20, "filename", p->filename, sizeof p->filename);
        } else if (strncasecmp(line, "content-type:", 13) == 0) {
            const char *v = line + 13;
            while (*v == ' ')
                v++;
            snprintf(p->ctype, sizeof p->ctype, "%.127s", v);
        }
        if (!eol)
            break;
        n -= len + 1;
        h = eol + 1;
    }
}

/* Parses one part spanning [s, end); returns 0 or -1 when malformed. */
static int one_part(struct mp_part *p, const char *s, const char *end)
{
    const char *sep = memfind(s, (size_t)(end - s), "\r\n\r\n", 4);
    size_t skip = 4;
    if (!sep) {
        sep = memfind(s, (size_t)(end - s), "\n\n", 2);
        skip = 2;
    }
    if (!sep)
        return -1;
    memset(p, 0, sizeof *p);
    part_headers(p, s, (size_t)(sep - s));
    p->data = sep + skip;
    p->len = (size_t)(end - p->data);
    return p->name[0] ? 0 : -1;
}

/* mp_parse: splits a multipart/form-data body into at most max parts.
 * Returns the part count, or -1 with a message in err (not multipart, no
 * boundary, malformed part, too many parts). */
int mp_parse(const char *ctype, const char *body, size_t len, struct mp_part *parts, int max,
             char *err, size_t errlen)
{
    char b[200], delim[220];
    if (!ctype || strncasecmp(ctype, "multipart/form-data", 19) != 0 ||
        !param(ctype, "boundary", b, sizeof b)) {
        snprintf(err, errlen, "expected Content-Type multipart/form-data with a boundary");
        return -1;
    }
    int dl = snprintf(delim, sizeof delim, "--%s", b), n = 0;
    const char *p = memfind(body, len, delim, (size_t)dl);
    while (p) {
        p += dl;
        if (p + 2 <= body + len && p[0] == '-' && p[1] == '-')
            return n; /* closing delimiter */
        p += (p < body + len && *p == '\r') ? 2 : 1;
        const char *next = memfind(p, (size_t)(body + len - p), delim, (size_t)dl);
        if (!next)
            break;
        const char *end = next;
        if (end > p && end[-1] == '\n')
            end--;
        if (end > p && end[-1] == '\r')
            end--;
        if (n >= max || one_part(&parts[n], p, end) != 0) {
            snprintf(err, errlen,
                     n >= max ? "too many parts (at most %d)"
                              : "malformed part %d (each part needs a Content-Disposition name)",
                     n + 1);
            return -1;
        }
        n++;
        p = next;
    }
    snprintf(err, errlen, "the multipart body has no closing boundary");
    return -1;
}

/* mp_find: the part named name, or NULL. */
const struct mp_part *mp_find(const struct mp_part *parts, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0)
            return &parts[i];
    return NULL;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* b64_encode: standard base64 of data (caller frees; NULL on OOM). */
char *b64_encode(const char *data, size_t len)
{
    const unsigned char *d = (const unsigned char *)data;
    char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)d[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)d[i + 1] << 8;
        if (i + 2 < len)
            v |= d[i + 2];
        *o++ = b64[(v >> 18) & 63];
        *o++ = b64[(v >> 12) & 63];
        *o++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
        *o++ = i + 2 < len ? b64[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

/* b64_decode: decodes base64 text (stops at '=' or an invalid byte);
 * *len gets the byte count. Caller frees; NULL on OOM. */
char *b64_decode(const char *text, size_t *len)
{
    size_t n = strlen(text);
    char *out = malloc(n / 4 * 3 + 4);
    unsigned v = 0;
    int bits = 0;
    *len = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *c = strchr(b64, text[i]);
        if (!c || !text[i])
            break;
        v = (v << 6) | (unsigned)(c - b64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[(*len)++] = (char)((v >> bits) & 0xff);
        }
    }
    out[*len] = '\0';
    return out;
}
