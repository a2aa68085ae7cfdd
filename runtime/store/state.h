/* A stack's state: a JSON document kept by a backend (store.h; the local
 * one's is .dome/<stack>.json), held in memory as a cJSON tree. The state owns its tree; accessors
 * return borrowed pointers that stay valid until the entry is replaced or removed.
 *
 * Document: {"version":1, "stack", "serial", "resources": {"kind.label":
 *   {"kind","label","name","id","attrs":{..},"deps":[..],"protect",
 *    "extra":{..}, "pending":"create"?}}, "outputs": {..}}  (docs/state.md) */
#ifndef DOME_STATE_H
#define DOME_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"
#include "runtime/store/keymap.h"

struct store;

#define STATE_VERSION 1

struct state {
    cJSON *root;         /* the document; never NULL after state_open */
    struct store *store; /* where it is loaded from and saved to */
    bool owns_store;     /* opened by directory: state_close frees the store */
    time_t saved_at;     /* when the loaded state was saved; 0: never */
    char *stack;
    struct keymap index;  /* "kind.label" -> entry in root.resources */
    struct keymap idents; /* "kind/member/value" -> entry; built on demand, dropped on change */
    bool has_idents;
};

/* state_open_in loads the state of stack from store s, or starts an empty
 * state (serial 0) if there is none. The text must pass state_parse (the
 * local backend reads the file without following a symlink, from a .dome/
 * that is private: fs_private_dir). Returns 0, or -1 with err filled
 * ("<where>: <what is wrong>"); st is then an empty state. Free with
 * state_close in both cases. */
int state_open_in(struct state *st, struct store *s, const char *stack, char *err,
                  size_t err_len) WARN_UNUSED;

/* state_open is state_open_in on the local backend of prog_dir (.dome/). */
int state_open(struct state *st, const char *prog_dir, const char *stack, char *err,
               size_t err_len) WARN_UNUSED;

/* state_parse parses text (len bytes; text[len] is NUL) as the state of
 * stack and checks it against the whole schema of docs/state.md: version 1,
 * "stack" equal to stack, a non-negative integer serial, "resources" an
 * object of entries keyed "kind.label" (known kind, string label and name,
 * attrs object, deps array of strings, protect bool; optional id string,
 * pending "create", imported bool, unknown array of strings, extra object;
 * no other member, no key twice), "outputs" an object (added if missing),
 * optionally "update" an object.
 * Returns the document (the caller deletes it), or NULL with err naming
 * the offending member ("resources.worker.api.attrs must be an object").
 * Pure: no I/O, no global state (fuzz/fuzz_state drives it). */
cJSON *state_parse(const char *text, size_t len, const char *stack, char *err,
                   size_t err_len) WARN_UNUSED;

/* state_validate is state_parse's check of an already parsed document.
 * Returns 0, or -1 with err naming the offending member. */
int state_validate(const cJSON *root, const char *stack, char *err, size_t err_len) WARN_UNUSED;

/* state_entry_trim removes from entry (an object) every member an entry of
 * the state does not have, such as the planner's hints (replace_attrs,
 * derived, create_only) that a journaled pending create carries. */
void state_entry_trim(cJSON *entry);

/* state_save bumps the serial and writes the state and its history entry
 * through the backend (local: atomically, mode 0600, plus a copy in
 * .dome/history/<stack>/<serial>.json; postgres: one transaction that also
 * empties the journal). Returns 0 or -1. */
int state_save(struct state *st, char *err, size_t err_len) WARN_UNUSED;

/* state_save_text stores text (an exported state of serial) as it is: the
 * stack's state and history entry serial. st's tree is not changed. */
int state_save_text(struct state *st, const char *text, size_t len, long serial, char *err,
                    size_t err_len) WARN_UNUSED;

/* state_close frees everything state_open allocated. */
void state_close(struct state *st);

/* state_serial returns the serial of the loaded (or last saved) state. */
long state_serial(const struct state *st) WARN_UNUSED;

/* state_resources returns the "resources" object (borrowed). */
cJSON *state_resources(const struct state *st);

/* state_get returns the entry for key ("kind.label"), or NULL. */
cJSON *state_get(const struct state *st, const char *key);

/* state_put stores entry (a JSON object, never NULL) under key, replacing
 * any old one; takes ownership. */
void state_put(struct state *st, const char *key, cJSON *entry);

/* state_remove deletes the entry for key, if any. */
void state_remove(struct state *st, const char *key);

/* state_move renames the entry from ("kind.label") to to (same kind), with
 * its label and every reference to it in other entries (deps, bindings,
 * consumers). Returns 0, or -1 when from is missing, to exists or the kinds
 * differ (nothing changed). */
int state_move(struct state *st, const char *from, const char *to);

/* state_find returns the entry of kind whose string member ("id", "name")
 * equals value, or NULL. The first call builds an index that lasts until
 * the next state_put or state_remove. */
cJSON *state_find(struct state *st, const char *kind, const char *member, const char *value);

/* state_str returns a string member of an entry, or NULL. */
const char *state_str(const cJSON *entry, const char *member);

/* state_same: a and b hold the same value (cJSON_Compare, case-sensitive)
 * except that two numbers of which one has a fraction are the same when
 * they differ by less than a millionth of their size (a sampling rate sent
 * as 0.1 may read back as 0.10000000149); integers compare exactly. */
bool state_same(const cJSON *a, const cJSON *b);

/* state_sort_array sorts arr's items in place with cmp, which receives
 * pointers to `const cJSON *` (qsort's convention), and returns arr. */
cJSON *state_sort_array(cJSON *arr, int (*cmp)(const void *, const void *));

#endif
