/* A string-keyed hash map (open addressing, FNV-1a) for the planner and the
 * state's resource index, so 10,000-resource stacks plan in linear time.
 * The map copies keys and never owns values. */
#ifndef DOME_KEYMAP_H
#define DOME_KEYMAP_H

#include <stddef.h>

struct keymap_slot {
    char *key; /* NULL = empty; a deleted slot keeps its key with is_dead set */
    void *value;
    int is_dead;
};

struct keymap {
    struct keymap_slot *slots;
    size_t cap;  /* power of two, or 0 before the first set */
    size_t used; /* live + dead slots */
};

/* keymap_get returns the value stored for key, or NULL. */
void *keymap_get(const struct keymap *m, const char *key);

/* keymap_set stores value for key (replacing any old value). */
void keymap_set(struct keymap *m, const char *key, void *value);

/* keymap_del removes key if present. */
void keymap_del(struct keymap *m, const char *key);

/* keymap_free frees the map's slots and key copies. */
void keymap_free(struct keymap *m);

#endif
