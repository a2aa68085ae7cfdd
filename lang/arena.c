/* Bump allocator: 64 KiB chunks, 16-byte alignment, freed all at once.
 * Out of memory aborts with a message; callers never see NULL. */
#include "lang/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_SIZE (256 * 1024)
#define ALIGN      16

struct arena_chunk {
    struct arena_chunk *next;
    _Alignas(16) unsigned char data[]; /* cap bytes follow */
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fputs("domec: out of memory\n", stderr);
        abort();
    }
    return p;
}

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->used = 0;
    a->cap = 0;
}

static void new_chunk(struct arena *a, size_t need)
{
    size_t cap = need > CHUNK_SIZE ? need : CHUNK_SIZE;
    struct arena_chunk *c = xmalloc(sizeof *c + cap);
    c->next = a->head;
    a->head = c;
    a->used = 0;
    a->cap = cap;
}

void *arena_alloc(struct arena *a, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    if (!a->head || a->cap - a->used < size)
        new_chunk(a, size);
    void *p = a->head->data + a->used;
    a->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(struct arena *a, const void *old, size_t n_old, size_t n_new, size_t size)
{
    void *p = arena_alloc(a, n_new * size);
    if (old && n_old)
        memcpy(p, old, n_old * size);
    return p;
}

void arena_free(struct arena *a)
{
    struct arena_chunk *c = a->head;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    arena_init(a);
}

char *arena_number(struct arena *a, double d)
{
    char buf[40];
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    return arena_strdup(a, buf);
}
