/* Edits a stack file's config {} and encryption {} entries as text, keeping
 * every other byte (comments, blank lines, order) as it was. Only the `=`
 * column of the edited entry's group is realigned, the way the formatter
 * lays entries out. Never opens or prints a secret. */
#include "cli/stackfile/stackcfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/store/fsutil.h"
#include "cli/stackfile/stackcfg_scan.h"

/* stackcfg_path: see cli/stackfile/stackcfg.h. */
char *stackcfg_path(const char *dir, const char *stack)
{
    size_t n = strlen(dir) + strlen(stack) + 16;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/stacks/%s.dome", dir, stack);
    return p;
}

/* stackcfg_load: see cli/stackfile/stackcfg.h. */
int stackcfg_load(const char *dir, const char *stack, char **text, bool *exists, char *err,
                  size_t err_len)
{
    char *path = stackcfg_path(dir, stack);
    *text = path ? fs_read_all(path, NULL) : NULL;
    *exists = *text != NULL;
    if (!*text && path && errno == ENOENT)
        *text = strdup("");
    if (!*text)
        snprintf(err, err_len, "cannot read '%s': %s", path ? path : stack, strerror(errno));
    free(path);
    return *text ? 0 : -1;
}

/* stackcfg_store: see cli/stackfile/stackcfg.h. */
int stackcfg_store(const char *dir, const char *stack, const char *text, char *err,
                   size_t err_len)
{
    char *sdir = fs_join(dir, "stacks");
    char *path = stackcfg_path(dir, stack);
    int rc = -1;
    if (!sdir || !path)
        snprintf(err, err_len, "out of memory");
    else if (fs_mkdirs(sdir) < 0)
        snprintf(err, err_len, "cannot create '%s': %s", sdir, strerror(errno));
    else
        rc = fs_write_atomic(path, text, strlen(text), 0644, err, err_len);
    free(sdir);
    free(path);
    return rc;
}

/* Returns text[0..off) + ins + text[end..] (malloc'd). */
static char *splice(const char *text, size_t off, size_t end, const char *ins)
{
    size_t n = strlen(text), k = strlen(ins);
    char *out = malloc(n - (end - off) + k + 1);
    if (!out)
        return NULL;
    memcpy(out, text, off);
    memcpy(out + off, ins, k);
    memcpy(out + off + k, text + end, n - end + 1);
    return out;
}

static long find(const struct stackcfg_blk *b, const char *text, const char *key)
{
    size_t k = strlen(key);
    for (size_t i = 0; i < b->n_ents; i++)
        if (b->ents[i].key_end - b->ents[i].key_off == k &&
            !memcmp(text + b->ents[i].key_off, key, k))
            return (long)i;
    return -1;
}

/* stackcfg_get: see cli/stackfile/stackcfg.h. */
char *stackcfg_get(const char *text, const char *block, const char *key)
{
    struct stackcfg_blk b;
    char *out = NULL;
    if (stackcfg_scan(text, block, &b) < 0)
        return NULL;
    long i = find(&b, text, key);
    if (i >= 0)
        out = strndup(text + b.ents[i].val_off, b.ents[i].val_end - b.ents[i].val_off);
    stackcfg_blk_free(&b);
    return out;
}

/* stackcfg_list: see cli/stackfile/stackcfg.h. */
long stackcfg_list(const char *text, const char *block, struct stackcfg_entry **out)
{
    struct stackcfg_blk b;
    *out = NULL;
    if (stackcfg_scan(text, block, &b) < 0)
        return -1;
    long n = (long)b.n_ents;
    *out = calloc(b.n_ents + 1, sizeof **out);
    for (size_t i = 0; *out && i < b.n_ents; i++) {
        const struct stackcfg_ent *e = &b.ents[i];
        (*out)[i].key = strndup(text + e->key_off, e->key_end - e->key_off);
        (*out)[i].value = strndup(text + e->val_off, e->val_end - e->val_off);
    }
    stackcfg_blk_free(&b);
    return *out ? n : -1;
}

/* stackcfg_free_list: see cli/stackfile/stackcfg.h. */
void stackcfg_free_list(struct stackcfg_entry *list, long n)
{
    for (long i = 0; list && i < n; i++) {
        free(list[i].key);
        free(list[i].value);
    }
    free(list);
}

static size_t line_start(const char *text, size_t off)
{
    while (off > 0 && text[off - 1] != '\n')
        off--;
    return off;
}

/* Is only blank space between the start of off's line and off? */
static bool starts_line(const char *text, size_t off)
{
    for (size_t i = line_start(text, off); i < off; i++)
        if (text[i] != ' ' && text[i] != '\t')
            return false;
    return true;
}

/* Do entries a and b sit on consecutive lines (one group for alignment)? */
static bool same_group(const char *text, const struct stackcfg_ent *a,
                       const struct stackcfg_ent *b)
{
    if (!starts_line(text, a->key_off) || !starts_line(text, b->key_off))
        return false;
    int nl = 0;
    for (size_t i = a->val_end; i < b->key_off; i++)
        nl += text[i] == '\n';
    return nl == 1;
}

/* Realigns the `=` of the group holding entry idx; consumes text. */
static char *align(char *text, const char *block, long idx)
{
    struct stackcfg_blk b;
    if (!text || stackcfg_scan(text, block, &b) < 0 || idx < 0 || (size_t)idx >= b.n_ents) {
        if (text)
            stackcfg_blk_free(&b);
        return text;
    }
    size_t lo = (size_t)idx, hi = (size_t)idx, width = 0;
    while (lo > 0 && same_group(text, &b.ents[lo - 1], &b.ents[lo]))
        lo--;
    while (hi + 1 < b.n_ents && same_group(text, &b.ents[hi], &b.ents[hi + 1]))
        hi++;
    for (size_t i = lo; i <= hi; i++)
        if (b.ents[i].key_end - b.ents[i].key_off > width)
            width = b.ents[i].key_end - b.ents[i].key_off;
    char pad[256];
    for (size_t i = hi + 1; i-- > lo && text;) {
        size_t k = b.ents[i].key_end - b.ents[i].key_off, n = width - k + 1;
        if (n >= sizeof pad || !starts_line(text, b.ents[i].key_off))
            continue;
        memset(pad, ' ', n);
        pad[n] = '\0';
        char *t = splice(text, b.ents[i].key_end, b.ents[i].eq_off, pad);
        free(text);
        text = t;
    }
    stackcfg_blk_free(&b);
    return text;
}

/* Adds a new block holding one entry: encryption before config, else at the end. */
static char *new_block(const char *text, const char *block, const char *key, const char *val)
{
    struct stackcfg_blk cfg;
    size_t at = strlen(text);
    if (!strcmp(block, "encryption") && stackcfg_scan(text, "config", &cfg) == 0) {
        if (cfg.is_found)
            at = line_start(text, cfg.name_off);
        stackcfg_blk_free(&cfg);
    }
    const char *sep = at > 0 && text[at - 1] != '\n' ? "\n" : "";
    size_t n = strlen(block) + strlen(key) + strlen(val) + 32;
    char *ins = malloc(n);
    if (!ins)
        return NULL;
    snprintf(ins, n, "%s%s {\n  %s = %s\n}\n", sep, block, key, val);
    char *out = splice(text, at, at, ins);
    free(ins);
    return out;
}

/* Adds KEY = val to a found block that lacks it. */
static char *add_entry(const char *text, const struct stackcfg_blk *b, const char *key,
                       const char *val)
{
    size_t n = strlen(key) + strlen(val) + 64, at;
    char *ins = malloc(n);
    if (!ins)
        return NULL;
    if (b->close_off < strlen(text) && starts_line(text, b->close_off) && b->n_ents > 0 &&
        starts_line(text, b->ents[0].key_off)) {
        size_t ls = line_start(text, b->ents[0].key_off);
        int ind = (int)(b->ents[0].key_off - ls);
        snprintf(ins, n, "%.*s%s = %s\n", ind, text + ls, key, val);
        at = line_start(text, b->close_off);
    } else if (b->n_ents == 0) {
        snprintf(ins, n, "\n  %s = %s\n", key, val);
        at = b->open_off + 1;
    } else {
        snprintf(ins, n, ", %s = %s", key, val);
        at = b->ents[b->n_ents - 1].val_end;
    }
    /* an empty block `config {}` becomes one entry per line */
    char *out = splice(text, at, b->n_ents == 0 ? b->close_off : at, ins);
    free(ins);
    return out;
}

/* stackcfg_set: see cli/stackfile/stackcfg.h. */
char *stackcfg_set(const char *text, const char *block, const char *key, const char *value_src)
{
    struct stackcfg_blk b;
    if (stackcfg_scan(text, block, &b) < 0)
        return NULL;
    char *out;
    long i = find(&b, text, key);
    if (!b.is_found)
        out = new_block(text, block, key, value_src);
    else if (i >= 0)
        out = splice(text, b.ents[i].val_off, b.ents[i].val_end, value_src);
    else {
        out = add_entry(text, &b, key, value_src);
        i = (long)b.n_ents;
    }
    stackcfg_blk_free(&b);
    return b.is_found ? align(out, block, i) : out;
}

/* The end of entry e's removal: its line's newline when the entry has the
 * line to itself (a trailing comment goes with it), else past a ','. */
static size_t removal_end(const char *text, const struct stackcfg_ent *e, bool *whole_line)
{
    size_t i = e->val_end;
    while (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')
        i++;
    if (text[i] == '#')
        i += strcspn(text + i, "\n");
    *whole_line = starts_line(text, e->key_off) && (text[i] == '\n' || !text[i]);
    if (*whole_line)
        return text[i] ? i + 1 : i;
    i = e->val_end;
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    if (text[i] == ',')
        i++;
    while (text[i] == ' ' || text[i] == '\t')
        i++;
    return i;
}

/* stackcfg_remove: see cli/stackfile/stackcfg.h. */
char *stackcfg_remove(const char *text, const char *block, const char *key)
{
    struct stackcfg_blk b;
    if (stackcfg_scan(text, block, &b) < 0)
        return NULL;
    long i = find(&b, text, key);
    if (i < 0) {
        stackcfg_blk_free(&b);
        return strdup(text);
    }
    bool whole;
    size_t end = removal_end(text, &b.ents[i], &whole);
    size_t off = whole ? line_start(text, b.ents[i].key_off) : b.ents[i].key_off;
    stackcfg_blk_free(&b);
    char *out = splice(text, off, end, "");
    out = align(out, block, i - 1);
    return align(out, block, i);
}
