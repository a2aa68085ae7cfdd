/* textDocument/hover: a resource's kind, physical name per stack and
 * bindings; a config key's type and default; an attribute's type, allowed
 * values, default, replace rule and doc from stdlib/schema.dome; a kind. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/astpos.h"
#include "lsp/nav.h"
#include "runtime/base/xalloc.h"

struct md {
    char *s;
    size_t n;
};

static void md_add(struct md *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void md_add(struct md *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[2048];
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    size_t len = (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1;
    m->s = xrealloc(m->s, m->n + len + 1);
    memcpy(m->s + m->n, buf, len);
    m->n += len;
    m->s[m->n] = '\0';
}

static struct m_res *find_res(struct lang_unit *u, int kind, const char *label)
{
    struct program *p = lang_unit_program(u);
    const char *name = intern_str(p->names, label, strlen(label));
    return ptrmap_get(&p->labels[kind], name);
}

/* The physical name in each stack (or for dev without a stack file). */
static void physical_names(struct lsp_server *s, const char *dir, int kind, const char *label,
                           struct md *m)
{
    char **stacks = program_stacks(s, dir);
    md_add(m, "\n\n**physical name**");
    if (!stacks[0]) {
        struct m_res *r = find_res(program_unit(s, dir, NULL), kind, label);
        md_add(m, "\n- dev (no stack file): `%s`", r && r->name ? r->name : "unknown");
    }
    for (size_t i = 0; stacks[i]; i++) {
        struct m_res *r = find_res(program_unit(s, dir, stacks[i]), kind, label);
        md_add(m, "\n- %s: `%s`", stacks[i], r && r->name ? r->name : "unknown (see diagnostics)");
    }
    lang_free_list(stacks);
}

/* Its bindings (a worker) and who binds it (any resource). */
static void bindings(struct lang_unit *u, struct m_res *r, struct md *m)
{
    struct program *p = lang_unit_program(u);
    for (size_t i = 0; i < r->n_binds; i++) {
        const struct m_bind *b = &r->binds[i];
        if (!i)
            md_add(m, "\n\n**bindings**");
        md_add(m, "\n- `%s` (%s)%s%s", b->name, ir_binding_type_name(b->type),
               b->target ? " -> " : "", b->target ? res_display(p, b->target) : "");
    }
    bool first = true;
    for (size_t i = 0; i < p->n_res; i++)
        for (size_t j = 0; j < p->res[i]->n_binds; j++)
            if (p->res[i]->binds[j].target == r) {
                md_add(m, "%s- %s as `%s`", first ? "\n\n**bound by**\n" : "\n",
                       res_display(p, p->res[i]), p->res[i]->binds[j].name);
                first = false;
            }
}

static void resource_hover(struct lsp_server *s, struct lsp_where *w, const struct sym *sy,
                           struct md *m)
{
    struct lang_unit *u = program_unit(s, w->dir, NULL);
    struct program *p = lang_unit_program(u);
    const struct sch_kind *k = &p->schema->kinds[sy->kind];
    md_add(m, "**%s** `%s`", k->name, sy->name);
    if (k->binding)
        md_add(m, " — binding type `%s`", k->binding);
    struct m_res *r = find_res(u, sy->kind, sy->name);
    if (!r) {
        md_add(m, "\n\nnot declared in this program");
        return;
    }
    physical_names(s, w->dir, sy->kind, sy->name, m);
    bindings(u, r, m);
}

static void config_hover(struct lsp_server *s, struct lsp_where *w, const struct sym *sy,
                         struct md *m)
{
    struct program *p = lang_unit_program(program_unit(s, w->dir, NULL));
    for (size_t i = 0; i < p->n_configs; i++) {
        const struct m_config *c = &p->configs[i];
        if (strcmp(c->name, sy->name) != 0)
            continue;
        md_add(m, "**config** `%s`: %s", c->name, val_type_name(c->type));
        const struct ast_node *def = c->decl ? c->decl->b_ : NULL;
        if (def) {
            const struct src_file *f =
                &lang_unit_sources(program_unit(s, w->dir, NULL))->files[def->span.file];
            md_add(m, "\n\ndefault: `%.*s`", (int)(def->span.end - def->span.start),
                   f->text + def->span.start);
        } else {
            md_add(m, "\n\nno default: every stack file sets it");
        }
        return;
    }
    md_add(m, "**config** `%s`: not declared", sy->name);
}

static void attr_markdown(const struct sch_kind *k, const struct sch_attr *a,
                          const char *src_of_def, struct md *m)
{
    md_add(m, "**%s.%s**: %s", k->name ? k->name : "block", a->name, sch_type_name(a->type));
    if (a->doc)
        md_add(m, "\n\n%s", a->doc);
    if (a->n_values) {
        md_add(m, "\n\nvalues:");
        for (size_t i = 0; i < a->n_values; i++)
            md_add(m, "%s `\"%s\"`", i ? "," : "", a->values[i]);
    }
    if (a->has_min || a->has_max)
        md_add(m, "\n\nrange: %lld to %lld", (long long)a->min, (long long)a->max);
    if (src_of_def)
        md_add(m, "\n\ndefault: `%s`", src_of_def);
    if (a->required)
        md_add(m, "\n\nrequired");
    if (a->required_unless)
        md_add(m, "\n\nrequired unless `%s` is set", a->required_unless);
    md_add(m, "\n\n%s",
           a->replace ? "changing it **replaces** the resource (delete + create)"
                      : "changing it updates the resource in place");
}

/* The text of an attribute's default literal, from the embedded schema. */
static char *default_text(const struct sch_attr *a)
{
    const struct ast_node *d = a->def;
    if (!d)
        return NULL;
    if (d->kind == AST_INT)
        return xasprintf("%lld", (long long)d->i);
    if (d->kind == AST_NUMBER)
        return xstrdup(d->str);
    if (d->kind == AST_BOOL)
        return xstrdup(d->b ? "true" : "false");
    if (d->kind == AST_STRING && d->items.n == 1 && d->items.head->kind == AST_TEXT)
        return xasprintf("\"%s\"", d->items.head->str);
    return NULL;
}

static bool attr_hover(struct lsp_where *w, struct md *m, uint32_t *start, uint32_t *end)
{
    struct program *p = lang_unit_program(w->unit);
    struct ast_chain c;
    ast_chain_at(w->unit, w->file, w->off, &c);
    for (size_t i = 0; i < c.depth; i++) {
        const struct ast_node *n = c.n[i];
        if (n->name_span.start > w->off || w->off > n->name_span.end || n->name_span.end == 0)
            continue;
        const struct sch_kind *k = NULL;
        const struct sch_attr *a = ast_attr_schema(p, &c, i, &k);
        int kind = n->kind == AST_BLOCK && i == 0 ? schema_kind_of(p->schema, n->str) : -1;
        if (a) {
            char *def = default_text(a);
            attr_markdown(k, a, def, m);
            free(def);
        } else if (kind >= 0) {
            const struct sch_kind *sk = &p->schema->kinds[kind];
            md_add(m, "**%s** — a resource kind; binding type `%s`\n\nattributes:", sk->name,
                   sk->binding ? sk->binding : "none");
            for (size_t j = 0; j < sk->n_attrs; j++)
                md_add(m, "%s `%s`", j ? "," : "", sk->attrs[j].name);
            md_add(m, "\n\nphysical name: %lld to %lld characters matching `%s`",
                   (long long)sk->name_min, (long long)sk->name_max, sk->name_pattern);
        } else {
            continue;
        }
        *start = n->name_span.start;
        *end = n->name_span.end;
        return true;
    }
    return false;
}

cJSON *req_hover(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    if (!where_of(s, params, &w))
        return NULL;
    struct md m = {0};
    struct sym sy;
    uint32_t start = 0, end = 0;
    if (symbol_at(&w, &sy)) {
        if (sy.kind == SYM_CONFIG)
            config_hover(s, &w, &sy, &m);
        else
            resource_hover(s, &w, &sy, &m);
        start = sy.start;
        end = sy.end;
    } else {
        attr_hover(&w, &m, &start, &end);
    }
    cJSON *r = NULL;
    if (m.s) {
        r = cJSON_CreateObject();
        cJSON *c = cJSON_AddObjectToObject(r, "contents");
        cJSON_AddStringToObject(c, "kind", "markdown");
        cJSON_AddStringToObject(c, "value", m.s);
        cJSON_AddItemToObject(r, "range", text_range(w.src, start, end, s->utf8));
    }
    free(m.s);
    where_free(&w);
    return r;
}
