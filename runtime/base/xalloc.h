/* Allocation that never returns NULL: on failure each helper prints
 * "domec: out of memory" to stderr and aborts, as lang/'s arena does, so
 * callers never test (or forget to test) for NULL. Everything returned is
 * released with free(). */
#ifndef DOME_XALLOC_H
#define DOME_XALLOC_H

#include <stddef.h>

#include "runtime/base/compiler.h"

/* xmalloc, xcalloc, xrealloc: malloc, calloc, realloc that abort instead of
 * returning NULL. A size of 0 still returns a pointer that free() takes. */
void *xmalloc(size_t size) WARN_UNUSED;
void *xcalloc(size_t n, size_t size) WARN_UNUSED;
void *xrealloc(void *p, size_t size) WARN_UNUSED;

/* xreallocarray resizes p to n elements of size bytes, aborting on overflow
 * of n * size as on a failed allocation. */
void *xreallocarray(void *p, size_t n, size_t size) WARN_UNUSED;

/* xstrdup copies s (which must not be NULL); xstrndup copies at most n
 * bytes of s and NUL-terminates the copy. */
char *xstrdup(const char *s) WARN_UNUSED;
char *xstrndup(const char *s, size_t n) WARN_UNUSED;

/* xasprintf returns the printf-formatted string, malloc'd. */
char *xasprintf(const char *fmt, ...) WARN_UNUSED PRINTF_LIKE(1, 2);

/* xalloc_die prints "domec: out of memory" and aborts: for allocators these
 * helpers do not wrap (sodium_malloc, curl_slist_append). */
void xalloc_die(void) NORETURN;

/* xalloc_check returns p, or dies when p is NULL. */
void *xalloc_check(void *p) WARN_UNUSED;

/* xalloc_cjson_hooks makes cJSON allocate with xmalloc, so cJSON_Create*,
 * cJSON_Duplicate and cJSON_Print* return NULL only for a NULL or invalid
 * argument, never for lack of memory. Call it once at the start of main
 * (bin/domec and every C test program that uses runtime/). */
void xalloc_cjson_hooks(void);

#endif
