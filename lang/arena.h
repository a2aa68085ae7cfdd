/* Bump allocator over 256 KiB chunks with 16-byte alignment. Nothing from an
 * arena is freed on its own: arena_free releases every chunk at once. */
#ifndef DOME_ARENA_H
#define DOME_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    struct arena_chunk *head; /* newest chunk first; NULL when empty */
    size_t used;              /* bytes used in head */
    size_t cap;               /* usable bytes in head */
};

/* arena_init prepares an empty arena (no allocation yet). */
void arena_init(struct arena *a);

/* arena_alloc returns size zeroed bytes aligned to 16; never returns NULL
 * (prints "domec: out of memory" and aborts instead). */
void *arena_alloc(struct arena *a, size_t size);

/* arena_strndup copies len bytes of s plus a NUL into the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

/* arena_strdup copies the NUL-terminated s into the arena. */
char *arena_strdup(struct arena *a, const char *s);

/* arena_printf formats into a new arena string (printf rules). */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* arena_number writes d in the fewest digits that read back as d ("0.1",
 * not "0.10000000000000001"), as a new arena string. */
char *arena_number(struct arena *a, double d);

/* arena_grow returns a copy of old (n_old elements of size each) with room
 * for n_new elements; old stays valid but is dead. Used for growing arrays. */
void *arena_grow(struct arena *a, const void *old, size_t n_old, size_t n_new, size_t size);

/* arena_free releases every chunk; the arena is empty afterwards. */
void arena_free(struct arena *a);

#endif
