/* How traffic reaches a worker, as the checker sees it: route patterns and
 * custom domain host names (their shape, and that no host is both routed
 * and a custom domain, or claimed twice), and the observability block. */
#include <ctype.h>
#include <string.h>

#include "lang/check.h"

/* host_ok: letters, digits, '-' and '.', at least one dot, no empty label */
static bool host_ok(const char *h, size_t n)
{
    bool dot = false;
    if (n == 0 || h[0] == '.' || h[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)h[i];
        if (c == '.' && h[i + 1] == '.')
            return false;
        dot = dot || c == '.';
        if (!isalnum(c) && c != '-' && c != '.')
            return false;
    }
    return dot;
}

/* names_check_host: see check.h. */
bool names_check_host(struct program *p, const struct val *v, bool is_route)
{
    const char *s = v->s, *slash = strchr(s, '/');
    if (!is_route) {
        if (host_ok(s, strlen(s)))
            return true;
        diag_error(p->diag, v->span,
                   "a custom domain is a host name in one of the account's zones, "
                   "such as \"api.example.com\" (no scheme, path or wildcard)",
                   "'%s' is not a valid custom domain", s);
        return false;
    }
    if (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8)) {
        diag_error(p->diag, v->span, "write the pattern without the scheme: \"example.com/*\"",
                   "route pattern '%s' has a scheme", s);
        return false;
    }
    const char *host = s[0] == '*' ? s + 1 : s;
    if (*host == '.')
        host++;
    size_t n = slash ? (size_t)(slash - host) : strlen(host);
    if (!slash || !host_ok(host, n)) {
        diag_error(p->diag, v->span,
                   "a route is HOST/PATH on a zone of the account, such as \"api.example.com/*\"; "
                   "the zone is found from the host",
                   "route pattern '%s' has no zone host name%s", s,
                   slash ? "" : " followed by a path");
        return false;
    }
    return true;
}

/* observability { enabled = true  head_sampling_rate = 1 } */
void check_observability(struct program *p, struct m_res *r, const struct ast_node *blk)
{
    const struct sch_kind *k = &p->schema->observability;
    for (size_t i = 0; i < r->n_attrs; i++)
        if (!strcmp(r->attrs[i].name, "observability")) {
            diag_error(p->diag, blk->name_span, NULL, "observability is set twice");
            return;
        }
    struct val m = val_make(VAL_MAP, blk->span);
    m.keys = arena_alloc(p->arena, (k->n_attrs + 1) * sizeof *m.keys);
    m.items = arena_alloc(p->arena, (k->n_attrs + 1) * sizeof *m.items);
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        if (e->kind != AST_ERROR && (e->kind != AST_ATTR || !schema_attr(k, e->str)))
            diag_error(p->diag, e->name_span, "observability has enabled and head_sampling_rate",
                       "unknown %s '%s' in observability",
                       e->kind == AST_ATTR ? "setting" : "block", e->str);
    for (size_t i = 0; i < k->n_attrs; i++) { /* schema order is sorted: enabled, head_... */
        const struct sch_attr *a = &k->attrs[i];
        struct val v = val_make(VAL_ERROR, blk->span);
        bool set = false;
        for (const struct ast_node *e = blk->items.head; e; e = e->next)
            if (e->kind == AST_ATTR && e->str == a->name) {
                struct eval_ctx c = {p, r, NULL, false};
                v = eval(&c, e->a);
                set = v.type != VAL_NULL;
                if (set && !check_value(p, a, &v))
                    return;
            }
        if (!set) {
            struct eval_ctx c = {p, NULL, NULL, false};
            v = eval(&c, a->def);
        }
        m.keys[m.n] = a->name;
        m.items[m.n++] = v;
    }
    res_add_attr(
        p, r,
        (struct m_attr){NULL, intern_str(p->names, "observability", 13), m, blk->span, false});
}

static const struct val *list_attr(const struct m_res *r, const char *name)
{
    for (size_t i = 0; i < r->n_attrs; i++)
        if (!strcmp(r->attrs[i].name, name) && r->attrs[i].v.type == VAL_LIST &&
            r->attrs[i].v.known)
            return &r->attrs[i].v;
    return NULL;
}

/* route_host: the host of a pattern, without a leading "*" or "*." */
static size_t route_host(const char *s, const char **host)
{
    *host = s[0] == '*' ? s + 1 : s;
    if (**host == '.')
        (*host)++;
    const char *slash = strchr(*host, '/');
    return slash ? (size_t)(slash - *host) : strlen(*host);
}

/* duplicate_domain: d is also an earlier custom domain somewhere */
static bool duplicate_domain(struct program *p, const struct val *d)
{
    for (size_t i = 0; i < p->n_res; i++) {
        const struct val *doms =
            p->res[i]->kind == IR_WORKER ? list_attr(p->res[i], "domains") : NULL;
        for (size_t k = 0; doms && k < doms->n; k++) {
            const struct val *o = &doms->items[k];
            if (o->span.file == d->span.file && o->span.start >= d->span.start)
                continue; /* report a duplicate once, at its second use */
            if (o->type == VAL_STRING && o->known && !strcmp(o->s, d->s)) {
                diag_error(p->diag, d->span, "a host name is the custom domain of one worker",
                           "custom domain '%s' is declared twice", d->s);
                diag_note(p->diag, o->span, "first declared here");
                return true;
            }
        }
    }
    return false;
}

/* domain_against: a custom domain must not be declared twice or routed */
static void domain_against(struct program *p, const struct val *d, const struct m_res *owner)
{
    if (duplicate_domain(p, d))
        return;
    for (size_t i = 0; i < p->n_res; i++) {
        const struct val *routes =
            p->res[i]->kind == IR_WORKER ? list_attr(p->res[i], "routes") : NULL;
        for (size_t k = 0; routes && k < routes->n; k++) {
            const char *h;
            size_t n = route_host(routes->items[k].s, &h);
            if (n == strlen(d->s) && !strncmp(h, d->s, n)) {
                diag_error(p->diag, d->span,
                           "a custom domain takes all of the host's traffic; drop the route or "
                           "the domain",
                           "'%s' is a custom domain of %s and also routed", d->s,
                           res_display(p, owner));
                diag_note(p->diag, routes->items[k].span, "routed here");
                return;
            }
        }
    }
}

/* check_traffic: see check.h. */
void check_traffic(struct program *p)
{
    for (size_t i = 0; i < p->n_res; i++) {
        const struct val *doms =
            p->res[i]->kind == IR_WORKER ? list_attr(p->res[i], "domains") : NULL;
        for (size_t k = 0; doms && k < doms->n; k++)
            if (doms->items[k].type == VAL_STRING && doms->items[k].known)
                domain_against(p, &doms->items[k], p->res[i]);
    }
}
