/* The occurrence index: see index.h. */
#include "lsp/index.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

struct walk {
    struct sym_index *ix;
    const struct schema *schema;
    struct program *p;
};

static void add(struct walk *w, int kind, const struct ast_node *name_node, const char *name,
                struct dome_span sp, bool is_def, const struct ast_node *node)
{
    struct sym_index *ix = w->ix;
    if (!name || sp.file == UINT32_MAX)
        return;
    if (ix->n == ix->cap)
        ix->s = xreallocarray(ix->s, ix->cap = ix->cap * 2 + 64, sizeof *ix->s);
    ix->s[ix->n++] = (struct sym){kind,
                                  name,
                                  sp.file,
                                  sp.start,
                                  sp.end,
                                  is_def,
                                  is_def ? node : NULL,
                                  is_def ? NULL : name_node};
}

/* A path: kind.label[.attr] or config.key. */
static void path_ref(struct walk *w, const struct ast_node *path)
{
    const struct ast_node *first = path->items.head;
    const struct ast_node *second = first ? first->next : NULL;
    if (!second)
        return;
    if (first->str == w->p->kw.config) {
        add(w, SYM_CONFIG, path, second->str, second->span, false, NULL);
        return;
    }
    int kind = schema_kind_of(w->schema, first->str);
    if (kind >= 0)
        add(w, kind, path, second->str, second->span, false, NULL);
}

static void walk_node(struct walk *w, const struct ast_node *n);

static void walk_list(struct walk *w, const struct ast_list *l)
{
    for (const struct ast_node *e = l->head; e; e = e->next)
        walk_node(w, e);
}

static void walk_node(struct walk *w, const struct ast_node *n)
{
    if (!n)
        return;
    if (n->kind == AST_PATH) {
        path_ref(w, n);
        return;
    }
    walk_list(w, &n->labels);
    walk_list(w, &n->items);
    walk_node(w, n->a);
    walk_node(w, n->b_);
    walk_node(w, n->c);
}

/* A top-level item: a resource block, a config declaration, anything else. */
static void walk_top(struct walk *w, const struct ast_node *it, bool stack_file)
{
    struct program *p = w->p;
    if (it->kind == AST_CONFIG) {
        add(w, SYM_CONFIG, NULL, it->str, it->name_span, true, it);
        walk_node(w, it->b_);
        return;
    }
    int kind = it->kind == AST_BLOCK ? schema_kind_of(w->schema, it->str) : -1;
    const struct ast_node *label = it->labels.head;
    if (kind >= 0 && it->labels.n == 1 && label->kind == AST_PATH && label->items.n == 1) {
        add(w, kind, NULL, label->items.head->str, label->items.head->span, true, it);
        walk_list(w, &it->items);
        return;
    }
    if (stack_file && it->kind == AST_BLOCK && it->str == p->kw.config) {
        for (const struct ast_node *e = it->items.head; e; e = e->next) {
            if (e->kind == AST_ATTR)
                add(w, SYM_CONFIG, NULL, e->str, e->name_span, false, NULL);
            walk_node(w, e->a);
        }
        return;
    }
    walk_node(w, it);
}

/* path is .../stacks/STACK.dome */
static bool is_stack_path(const char *path, const char *stack)
{
    size_t l = strlen(path), k = strlen(stack);
    return l > k + 13 && !strcmp(path + l - 5, ".dome") && !strncmp(path + l - 5 - k, stack, k) &&
           !strncmp(path + l - 5 - k - 8, "/stacks/", 8);
}

void index_build(struct sym_index *ix, struct lang_unit *u)
{
    memset(ix, 0, sizeof *ix);
    struct program *p = lang_unit_program(u);
    struct walk w = {ix, p->schema, p};
    size_t n;
    const struct ast_file *files = lang_unit_files(u, &n);
    for (size_t i = 0; i < n; i++) {
        const char *path = lang_unit_sources(u)->files[files[i].file].path;
        bool stack_file = p->has_stack && is_stack_path(path, p->stack);
        for (const struct ast_node *it = files[i].items.head; it; it = it->next)
            walk_top(&w, it, stack_file);
    }
}

void index_free(struct sym_index *ix)
{
    free(ix->s);
    memset(ix, 0, sizeof *ix);
}

const struct sym *index_at(const struct sym_index *ix, uint32_t file, uint32_t off)
{
    for (size_t i = 0; i < ix->n; i++)
        if (ix->s[i].file == file && ix->s[i].start <= off && off <= ix->s[i].end)
            return &ix->s[i];
    return NULL;
}

const struct sym *index_def(const struct sym_index *ix, int kind, const char *name)
{
    for (size_t i = 0; i < ix->n; i++)
        if (ix->s[i].is_def && ix->s[i].kind == kind && !strcmp(ix->s[i].name, name))
            return &ix->s[i];
    return NULL;
}

bool index_same(const struct sym *a, const struct sym *b)
{
    return a->kind == b->kind && !strcmp(a->name, b->name);
}
