/* Open-addressing hash map from strings to pointers (linear probing,
 * tombstones, doubling at 70% load). */
#include "runtime/store/keymap.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* find: the slot holding key, or the first free slot where it would go */
static struct keymap_slot *find(const struct keymap *m, const char *key, int *found)
{
    /* a power-of-two table never full (keymap_set grows it at 70%), so the
     * probe below always reaches an empty slot */
    assert(m->cap > 0 && (m->cap & (m->cap - 1)) == 0 && m->used < m->cap);
    assert(key != NULL);
    size_t i = (size_t)hash(key) & (m->cap - 1);
    struct keymap_slot *grave = NULL;
    for (;; i = (i + 1) & (m->cap - 1)) {
        struct keymap_slot *s = &m->slots[i];
        if (!s->key) {
            *found = 0;
            return grave ? grave : s;
        }
        if (s->is_dead) {
            if (!grave)
                grave = s;
        } else if (strcmp(s->key, key) == 0) {
            *found = 1;
            return s;
        }
    }
}

static void grow(struct keymap *m)
{
    struct keymap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = xcalloc(m->cap, sizeof *m->slots);
    m->used = 0;
    for (size_t i = 0; i < old.cap; i++) {
        if (old.slots[i].key && !old.slots[i].is_dead)
            keymap_set(m, old.slots[i].key, old.slots[i].value);
        free(old.slots[i].key);
    }
    free(old.slots);
}

/* keymap_get: see keymap.h. */
void *keymap_get(const struct keymap *m, const char *key)
{
    int found;
    if (m->cap == 0)
        return NULL;
    struct keymap_slot *s = find(m, key, &found);
    return found ? s->value : NULL;
}

/* keymap_set: see keymap.h. */
void keymap_set(struct keymap *m, const char *key, void *value)
{
    int found;
    if ((m->used + 1) * 10 >= m->cap * 7)
        grow(m);
    struct keymap_slot *s = find(m, key, &found);
    if (!found) {
        if (!s->key)
            m->used++;
        free(s->key);
        s->key = xstrdup(key);
        s->is_dead = 0;
    }
    s->value = value;
}

/* keymap_del: see keymap.h. */
void keymap_del(struct keymap *m, const char *key)
{
    int found;
    if (m->cap == 0)
        return;
    struct keymap_slot *s = find(m, key, &found);
    if (found) {
        s->is_dead = 1;
        s->value = NULL;
    }
}

/* keymap_free: see keymap.h. */
void keymap_free(struct keymap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    memset(m, 0, sizeof *m);
}
