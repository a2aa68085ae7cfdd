/* String interning (FNV-1a, open addressing) and a pointer map. All memory
 * comes from the caller's arena; nothing here is freed on its own. */
#include "lang/intern.h"

#include <stdint.h>
#include <string.h>

static size_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return (size_t)h;
}

static size_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return (size_t)h;
}

void intern_init(struct intern *t, struct arena *arena)
{
    t->arena = arena;
    t->slots = NULL;
    t->cap = 0;
    t->n = 0;
}

static void intern_rehash(struct intern *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    const char **slots = arena_alloc(t->arena, cap * sizeof *slots);
    for (size_t i = 0; i < t->cap; i++) {
        const char *s = t->slots[i];
        if (!s)
            continue;
        size_t j = hash_bytes(s, strlen(s)) & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = s;
    }
    t->slots = slots;
    t->cap = cap;
}

const char *intern_str(struct intern *t, const char *s, size_t len)
{
    if ((t->n + 1) * 2 > t->cap)
        intern_rehash(t);
    size_t j = hash_bytes(s, len) & (t->cap - 1);
    for (; t->slots[j]; j = (j + 1) & (t->cap - 1)) {
        const char *c = t->slots[j];
        if (strncmp(c, s, len) == 0 && c[len] == '\0')
            return c;
    }
    t->slots[j] = arena_strndup(t->arena, s, len);
    t->n++;
    return t->slots[j];
}

void ptrmap_init(struct ptrmap *m, struct arena *arena)
{
    memset(m, 0, sizeof *m);
    m->arena = arena;
}

static void ptrmap_rehash(struct ptrmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    const void **keys = arena_alloc(m->arena, cap * sizeof *keys);
    void **vals = arena_alloc(m->arena, cap * sizeof *vals);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash_ptr(m->keys[i]) & (cap - 1);
        while (keys[j])
            j = (j + 1) & (cap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
}

void *ptrmap_get(const struct ptrmap *m, const void *key)
{
    if (!m->cap)
        return NULL;
    for (size_t j = hash_ptr(key) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1))
        if (m->keys[j] == key)
            return m->vals[j];
    return NULL;
}

void ptrmap_put(struct ptrmap *m, const void *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap)
        ptrmap_rehash(m);
    size_t j = hash_ptr(key) & (m->cap - 1);
    for (; m->keys[j]; j = (j + 1) & (m->cap - 1))
        if (m->keys[j] == key) {
            m->vals[j] = val;
            return;
        }
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
}
