/* Abort-on-failure allocation for runtime/ and cli/, and the cJSON hooks
 * that give cJSON the same policy. */
#include "runtime/base/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

/* xalloc_die: see xalloc.h. */
void xalloc_die(void)
{
    fputs("domec: out of memory\n", stderr);
    abort();
}

/* xalloc_check: see xalloc.h. */
void *xalloc_check(void *p)
{
    if (!p)
        xalloc_die();
    return p;
}

/* xmalloc: see xalloc.h. */
void *xmalloc(size_t size)
{
    return xalloc_check(malloc(size ? size : 1));
}

/* xcalloc: see xalloc.h. */
void *xcalloc(size_t n, size_t size)
{
    return xalloc_check(calloc(n ? n : 1, size ? size : 1));
}

/* xrealloc: see xalloc.h. */
void *xrealloc(void *p, size_t size)
{
    return xalloc_check(realloc(p, size ? size : 1));
}

/* xreallocarray: see xalloc.h. */
void *xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        xalloc_die();
    return xrealloc(p, n * size);
}

/* xstrdup: see xalloc.h. */
char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* xstrndup: see xalloc.h. */
char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

/* xasprintf: see xalloc.h. */
char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) { /* an encoding error in the arguments, never lack of memory */
        fputs("domec: xasprintf: cannot format the string\n", stderr);
        abort();
    }
    char *s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

static void *cjson_malloc(size_t size)
{
    return xmalloc(size);
}

/* xalloc_cjson_hooks: see xalloc.h. free() stays the deallocator, so
 * objects made before the call are freed correctly after it. */
void xalloc_cjson_hooks(void)
{
    cJSON_Hooks hooks = {cjson_malloc, free};
    cJSON_InitHooks(&hooks);
}
