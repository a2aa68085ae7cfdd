/* A small scanner over a stack file's text that locates a top-level block
 * and its `KEY = value` entries by byte offset (used by stackcfg.c only).
 * Results are malloc'd offsets into the caller's text. */
#ifndef DOME_STACKCFG_SCAN_H
#define DOME_STACKCFG_SCAN_H

#include <stdbool.h>
#include <stddef.h>

struct stackcfg_ent {
    size_t key_off, key_end; /* the key identifier */
    size_t eq_off;           /* the '=' */
    size_t val_off, val_end; /* the value expression's source */
};

struct stackcfg_blk {
    bool is_found;
    size_t name_off;           /* the block keyword */
    size_t open_off, close_off; /* '{' and its matching '}' (close_off == len: unclosed) */
    struct stackcfg_ent *ents;  /* in file order; free with stackcfg_blk_free */
    size_t n_ents;
};

/* stackcfg_scan finds the first top-level block called name in text.
 * Returns 0 (blk->is_found tells), or -1 when out of memory. */
int stackcfg_scan(const char *text, const char *name, struct stackcfg_blk *blk);

/* stackcfg_blk_free frees the entry array. */
void stackcfg_blk_free(struct stackcfg_blk *blk);



/* A program's `config NAME: TYPE [= default]` declaration. */
struct stackcfg_decl {
    char name[128];
    char type[32]; /* "string", "int", "bool", "list", "secret" */
    bool has_default;
};

/* stackcfg_scan_decls appends text's top-level config declarations to
 * *list (realloc'd; the caller frees it) and *n. Returns 0 or -1 (memory). */
int stackcfg_scan_decls(const char *text, struct stackcfg_decl **list, size_t *n);
#endif
