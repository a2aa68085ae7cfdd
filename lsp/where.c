/* Resolving a request's textDocument + position to a place in the checked
 * program, and the occurrences of a name across the program's files and
 * stack files. */
#include <stdlib.h>
#include <string.h>

#include "lsp/nav.h"
#include "runtime/base/xalloc.h"

bool where_of(struct lsp_server *s, const cJSON *params, struct lsp_where *w)
{
    memset(w, 0, sizeof *w);
    const cJSON *uri = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
    char *path = cJSON_IsString(uri) ? uri_to_path(uri->valuestring) : NULL;
    if (!path)
        return false;
    w->dir = program_of(path, &w->stack);
    w->unit = program_unit(s, w->dir, w->stack);
    const struct src_table *src = lang_unit_sources(w->unit);
    for (uint32_t i = 0; i < src->n && !w->src; i++)
        if (!strcmp(src->files[i].path, path)) {
            w->src = &src->files[i];
            w->file = i;
        }
    free(path);
    if (!w->src || !text_param_offset(params, w->src->text, w->src->len, s->utf8, &w->off)) {
        where_free(w);
        return false;
    }
    return true;
}

void where_free(struct lsp_where *w)
{
    free(w->dir);
    free(w->stack);
    memset(w, 0, sizeof *w);
}

char *uri_of_source(struct lsp_server *s, const char *path)
{
    struct lsp_doc *d = doc_by_path(s, path);
    return d ? xstrdup(d->uri) : path_to_uri(path);
}

cJSON *location_json(struct lsp_server *s, const struct src_file *f, uint32_t start, uint32_t end)
{
    cJSON *loc = cJSON_CreateObject();
    char *uri = uri_of_source(s, f->path);
    cJSON_AddStringToObject(loc, "uri", uri);
    free(uri);
    cJSON_AddItemToObject(loc, "range", text_range(f, start, end, s->utf8));
    return loc;
}

static void add_occ(struct occurrences *o, struct lang_unit *u, const struct sym *sy)
{
    if (o->n == o->cap)
        o->o = xreallocarray(o->o, o->cap = o->cap * 2 + 16, sizeof *o->o);
    o->o[o->n++] = (struct occurrence){&lang_unit_sources(u)->files[sy->file], *sy};
}

static bool is_stack_source(const char *path, const char *dir, const char *stack)
{
    char *want = xasprintf("%s/stacks/%s.dome", dir, stack);
    bool is = !strcmp(path, want);
    free(want);
    return is;
}

void occurrences_of(struct lsp_server *s, const char *dir, const struct sym *target,
                    struct occurrences *out)
{
    memset(out, 0, sizeof *out);
    struct sym_index ix;
    struct lang_unit *u = program_unit(s, dir, NULL);
    index_build(&ix, u);
    for (size_t i = 0; i < ix.n; i++)
        if (index_same(&ix.s[i], target))
            add_occ(out, u, &ix.s[i]);
    index_free(&ix);
    if (target->kind != SYM_CONFIG)
        return; /* stack files name config keys only */
    char **stacks = program_stacks(s, dir);
    for (size_t k = 0; stacks[k]; k++) {
        struct lang_unit *su = program_unit(s, dir, stacks[k]);
        index_build(&ix, su);
        for (size_t i = 0; i < ix.n; i++) {
            const char *path = lang_unit_sources(su)->files[ix.s[i].file].path;
            if (index_same(&ix.s[i], target) && is_stack_source(path, dir, stacks[k]))
                add_occ(out, su, &ix.s[i]);
        }
        index_free(&ix);
    }
    lang_free_list(stacks);
}

void occurrences_free(struct occurrences *o)
{
    free(o->o);
    memset(o, 0, sizeof *o);
}

bool symbol_at(struct lsp_where *w, struct sym *out)
{
    struct sym_index ix;
    index_build(&ix, w->unit);
    const struct sym *sy = index_at(&ix, w->file, w->off);
    if (sy)
        *out = *sy;
    index_free(&ix);
    return sy != NULL;
}
