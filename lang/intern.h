/* Interned identifiers and a pointer-keyed map. Interned strings live in
 * the owning arena, so equal names compare equal by pointer. */
#ifndef DOME_INTERN_H
#define DOME_INTERN_H

#include <stddef.h>

#include "lang/arena.h"

struct intern {
    struct arena *arena; /* where strings and the table live */
    const char **slots;  /* open addressing; NULL = empty; cap is a power of 2 */
    size_t cap;
    size_t n;
};

/* intern_init prepares an empty table whose memory comes from arena. */
void intern_init(struct intern *t, struct arena *arena);

/* intern_str returns the unique copy of s[0..len); never NULL. */
const char *intern_str(struct intern *t, const char *s, size_t len);

/* A map from pointers (usually interned names) to pointers. */
struct ptrmap {
    struct arena *arena;
    const void **keys; /* NULL = empty */
    void **vals;
    size_t cap; /* power of 2 or 0 */
    size_t n;
};

/* ptrmap_init prepares an empty map whose memory comes from arena. */
void ptrmap_init(struct ptrmap *m, struct arena *arena);

/* ptrmap_get returns the value stored for key, or NULL. */
void *ptrmap_get(const struct ptrmap *m, const void *key);

/* ptrmap_put stores val for key, replacing an older value. */
void ptrmap_put(struct ptrmap *m, const void *key, void *val);

#endif
