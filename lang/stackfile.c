/* Stack files read and edited through the parser: entries of the top-level
 * config {} and encryption {} blocks by AST node, edits spliced at AST spans
 * and then laid out by fmt_source, and the program's config declarations
 * from its parsed files. */
#include "lang/stackfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/fmt.h"
#include "lang/lang.h"
#include "lang/parse.h"
#include "lang/project.h"

struct stackfile {
    struct arena arena; /* sources, AST, entries */
    struct intern names;
    struct src_table src;
    struct diag diag;
    struct ast_file file;
    const char *text; /* the parsed copy of the text */
};

/* p, or abort on out of memory (as the arena does). */
static void *must(void *p)
{
    if (!p) {
        fputs("domec: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* Parses text into a new stackfile; *n_errors gets the syntax error count. */
static struct stackfile *parse(const char *name, const char *text, size_t len, FILE *diag_out,
                               bool color, int *n_errors)
{
    struct stackfile *sf = must(calloc(1, sizeof *sf));
    arena_init(&sf->arena);
    intern_init(&sf->names, &sf->arena);
    src_init(&sf->src, &sf->arena);
    diag_init(&sf->diag, diag_out, color, &sf->src);
    uint32_t idx = src_add(&sf->src, name, text, len);
    sf->text = sf->src.files[idx].text;
    *n_errors = parse_file(&sf->arena, &sf->names, &sf->diag, &sf->src.files[idx], idx, &sf->file);
    return sf;
}

/* stackfile_parse: see lang/stackfile.h. */
struct stackfile *stackfile_parse(const char *name, const char *text, size_t len, FILE *diag_out,
                                  bool color)
{
    int n_errors;
    struct stackfile *sf = parse(name, text, len, diag_out, color, &n_errors);
    if (n_errors) {
        stackfile_free(sf);
        return NULL;
    }
    return sf;
}

/* stackfile_free: see lang/stackfile.h. */
void stackfile_free(struct stackfile *sf)
{
    if (!sf)
        return;
    arena_free(&sf->arena);
    free(sf);
}

/* The first top-level, unlabelled block called name, or NULL. */
static const struct ast_node *find_block(const struct ast_file *f, const char *name)
{
    for (const struct ast_node *it = f->items.head; it; it = it->next)
        if (it->kind == AST_BLOCK && !it->labels.n && !strcmp(it->str, name))
            return it;
    return NULL;
}

static const struct ast_node *find_entry(const struct ast_node *blk, const char *key)
{
    for (const struct ast_node *e = blk ? blk->items.head : NULL; e; e = e->next)
        if (e->kind == AST_ATTR && !strcmp(e->str, key))
            return e;
    return NULL;
}

/* The decoded text of a string literal without ${} parts, or NULL. */
static const char *plain_string(const struct ast_node *n)
{
    if (!n || n->kind != AST_STRING)
        return NULL;
    if (!n->items.head)
        return "";
    if (n->items.n != 1 || n->items.head->kind != AST_TEXT)
        return NULL;
    return n->items.head->str;
}

/* Fills out with what value node n is. */
static void describe(struct stackfile *sf, const struct ast_node *n, struct stackfile_value *out)
{
    memset(out, 0, sizeof *out);
    out->span = n->span;
    out->src = arena_strndup(&sf->arena, sf->text + n->span.start, n->span.end - n->span.start);
    if ((out->text = plain_string(n))) {
        out->kind = STACKFILE_STRING;
    } else if (n->kind == AST_CALL && !strcmp(n->str, "secret")) {
        out->kind = STACKFILE_SECRET;
        out->text = n->items.n == 1 ? plain_string(n->items.head) : NULL;
    } else if (n->kind == AST_INT) {
        out->kind = STACKFILE_INT;
        out->i = (long long)n->i;
    } else if (n->kind == AST_BOOL) {
        out->kind = STACKFILE_BOOL;
        out->b = n->b;
    } else if (n->kind == AST_LIST) {
        struct stackfile_value *items = arena_alloc(&sf->arena, (n->items.n + 1) * sizeof *items);
        size_t i = 0;
        for (const struct ast_node *it = n->items.head; it; it = it->next)
            describe(sf, it, &items[i++]);
        out->kind = STACKFILE_LIST;
        out->items = items;
        out->n_items = i;
    }
}

static void read_entry(struct stackfile *sf, const struct ast_node *e, struct stackfile_entry *out)
{
    out->key = e->str;
    out->span = e->span;
    describe(sf, e->a, &out->value);
}

/* stackfile_entries: see lang/stackfile.h. */
size_t stackfile_entries(struct stackfile *sf, const char *block,
                         const struct stackfile_entry **out)
{
    const struct ast_node *blk = find_block(&sf->file, block);
    size_t n = 0;
    for (const struct ast_node *e = blk ? blk->items.head : NULL; e; e = e->next)
        n += e->kind == AST_ATTR;
    struct stackfile_entry *list = arena_alloc(&sf->arena, (n + 1) * sizeof *list);
    size_t i = 0;
    for (const struct ast_node *e = blk ? blk->items.head : NULL; e; e = e->next)
        if (e->kind == AST_ATTR)
            read_entry(sf, e, &list[i++]);
    *out = list;
    return n;
}

/* stackfile_get: see lang/stackfile.h. */
const struct stackfile_entry *stackfile_get(struct stackfile *sf, const char *block,
                                            const char *key)
{
    const struct ast_node *e = find_entry(find_block(&sf->file, block), key);
    if (!e)
        return NULL;
    struct stackfile_entry *out = arena_alloc(&sf->arena, sizeof *out);
    read_entry(sf, e, out);
    return out;
}

/* text with [start, end) replaced by with, in canonical layout; NULL when
 * the result does not parse. */
static char *splice(const char *text, size_t len, size_t start, size_t end, const char *with)
{
    size_t wl = strlen(with), n = len - (end - start) + wl;
    char *tmp = must(malloc(n + 1));
    memcpy(tmp, text, start);
    memcpy(tmp + start, with, wl);
    memcpy(tmp + start + wl, text + end, len - end);
    tmp[n] = '\0';
    char *out = fmt_source("stack.dome", tmp, n, NULL);
    free(tmp);
    return out;
}

static size_t line_start(const char *text, size_t off)
{
    while (off > 0 && text[off - 1] != '\n')
        off--;
    return off;
}

/* Adds a block holding `entry`: encryption on the line of the config block
 * (so it comes first), anything else at the end. */
static char *add_block(struct stackfile *sf, size_t len, const char *block, const char *entry)
{
    const struct ast_node *cfg = find_block(&sf->file, "config");
    if (!strcmp(block, "encryption") && cfg) {
        size_t at = line_start(sf->text, cfg->span.start);
        return splice(sf->text, len, at, at,
                      arena_printf(&sf->arena, "%s {\n  %s\n}\n", block, entry));
    }
    const char *sep = len && sf->text[len - 1] != '\n' ? "\n" : "";
    return splice(sf->text, len, len, len,
                  arena_printf(&sf->arena, "%s%s {\n  %s\n}\n", sep, block, entry));
}

/* Adds `entry` to blk: after the last entry of a one-line block, else on
 * its own line before the closing brace. */
static char *add_entry(struct stackfile *sf, size_t len, const struct ast_node *blk,
                       const char *entry)
{
    const char *text = sf->text;
    size_t close = blk->span.end - 1;
    bool one_line = !memchr(text + blk->span.start, '\n', blk->span.end - blk->span.start);
    if (one_line && blk->items.tail)
        return splice(text, len, blk->items.tail->span.end, blk->items.tail->span.end,
                      arena_printf(&sf->arena, ", %s", entry));
    if (one_line)
        return splice(text, len, blk->span.start, blk->span.end,
                      arena_printf(&sf->arena, "%s {\n  %s\n}", blk->str, entry));
    size_t line = close;
    while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t'))
        line--;
    if (line > 0 && text[line - 1] == '\n')
        return splice(text, len, line, line, arena_printf(&sf->arena, "  %s\n", entry));
    return splice(text, len, close, close, arena_printf(&sf->arena, "\n  %s\n", entry));
}

/* stackfile_set: see lang/stackfile.h. */
char *stackfile_set(const char *text, size_t len, const char *block, const char *key,
                    const char *value_src)
{
    if (stackfile_value_kind(value_src) < 0)
        return NULL;
    int n_errors;
    struct stackfile *sf = parse("stack.dome", text, len, NULL, false, &n_errors);
    char *out = NULL;
    if (n_errors == 0) {
        const struct ast_node *blk = find_block(&sf->file, block);
        const struct ast_node *e = find_entry(blk, key);
        const char *entry = arena_printf(&sf->arena, "%s = %s", key, value_src);
        if (e)
            out = splice(sf->text, len, e->a->span.start, e->a->span.end, value_src);
        else if (blk)
            out = add_entry(sf, len, blk, entry);
        else
            out = add_block(sf, len, block, entry);
    }
    stackfile_free(sf);
    return out;
}

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* stackfile_remove: see lang/stackfile.h. */
char *stackfile_remove(const char *text, size_t len, const char *block, const char *key)
{
    int n_errors;
    struct stackfile *sf = parse("stack.dome", text, len, NULL, false, &n_errors);
    if (n_errors) {
        stackfile_free(sf);
        return NULL;
    }
    const char *t = sf->text;
    const struct ast_node *e = find_entry(find_block(&sf->file, block), key);
    size_t start = e ? e->span.start : 0, end = e ? e->span.end : 0, after = end;
    while (after < len && blank(t[after]))
        after++;
    if (e && after < len && t[after] == ',') /* the entry's separator goes with it */
        for (end = ++after; after < len && blank(t[after]);)
            after++;
    size_t line = start;
    while (line > 0 && blank(t[line - 1]))
        line--;
    bool alone = e && (line == 0 || t[line - 1] == '\n') &&
                 (after == len || t[after] == '\n' || t[after] == '#');
    if (alone) { /* the entry has its own line: drop the line and its comment */
        start = line;
        end = after;
        while (end < len && t[end] != '\n')
            end++;
        end += end < len;
    }
    char *out = splice(t, len, start, end, "");
    stackfile_free(sf);
    return out;
}

/* stackfile_value_kind: see lang/stackfile.h. */
int stackfile_value_kind(const char *src)
{
    static const char head[] = "config {\n  v = ";
    size_t n = strlen(src) + 32, start = 0, end = strlen(src);
    while (start < end && (blank(src[start]) || src[start] == '\n'))
        start++;
    while (end > start && (blank(src[end - 1]) || src[end - 1] == '\n'))
        end--;
    char *text = must(malloc(n));
    snprintf(text, n, "%s%s\n}\n", head, src);
    int n_errors, kind = -1;
    struct stackfile *sf = parse("value", text, strlen(text), NULL, false, &n_errors);
    const struct ast_node *blk = n_errors ? NULL : find_block(&sf->file, "config");
    const struct ast_node *v = blk && blk->items.n == 1 ? find_entry(blk, "v") : NULL;
    /* one expression, all of src: no second entry, no comment after it */
    if (v && sf->file.items.n == 1 && v->a->span.start == sizeof head - 1 + start &&
        v->a->span.end == sizeof head - 1 + end) {
        struct stackfile_value val;
        describe(sf, v->a, &val);
        kind = (int)val.kind;
    }
    stackfile_free(sf);
    free(text);
    return kind;
}

/* stackfile_quote: see lang/stackfile.h. */
/* stackfile_number: see stackfile.h. */
void stackfile_number(char *buf, size_t len, double d)
{
    if (d == (double)(long long)d && d > -9e15 && d < 9e15) {
        snprintf(buf, len, "%lld", (long long)d);
        return;
    }
    for (int digits = 1; digits <= 20; digits++) { /* fixed point, shortest first */
        snprintf(buf, len, "%.*f", digits, d);
        if (strtod(buf, NULL) == d)
            return;
    }
}

char *stackfile_quote(const char *s)
{
    char *out = must(malloc(strlen(s) * 2 + 3)), *o = out;
    *o++ = '"';
    for (; *s; s++) {
        char c = *s;
        if (c == '\n' || c == '\t') {
            *o++ = '\\';
            *o++ = c == '\n' ? 'n' : 't';
            continue;
        }
        if (c == '"' || c == '\\' || c == '$')
            *o++ = '\\';
        *o++ = c;
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

/* stackfile_secret_src: see lang/stackfile.h. */
char *stackfile_secret_src(const char *sealed)
{
    char *q = stackfile_quote(sealed);
    size_t n = strlen(q) + 9;
    char *out = must(malloc(n));
    snprintf(out, n, "secret(%s)", q);
    free(q);
    return out;
}

struct decl_list {
    struct stackfile_decl *list;
    size_t n, cap;
};

static void visit_config(const struct ast_node *it, void *user)
{
    struct decl_list *l = user;
    if (it->kind != AST_CONFIG)
        return;
    if (l->n == l->cap)
        l->list = must(realloc(l->list, (l->cap = l->cap ? l->cap * 2 : 8) * sizeof *l->list));
    struct stackfile_decl *dc = &l->list[l->n++];
    dc->name = must(strdup(it->str));
    dc->type = must(strdup(it->a->str));
    dc->has_default = it->b_ != NULL;
    dc->is_secret = !strcmp(it->a->str, "secret");
}

/* stackfile_decls: see lang/stackfile.h. */
long stackfile_decls(const char *dir, struct stackfile_decl **out)
{
    struct decl_list l = {NULL, 0, 0};
    *out = NULL;
    if (lang_parse_items(dir, visit_config, &l) != 0)
        return -1;
    *out = l.list;
    return (long)l.n;
}

/* stackfile_decls_free: see lang/stackfile.h. */
void stackfile_decls_free(struct stackfile_decl *list, long n)
{
    for (long i = 0; list && i < n; i++) {
        free(list[i].name);
        free(list[i].type);
    }
    free(list);
}
