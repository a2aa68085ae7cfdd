/* Checks a bucket's nested blocks: `notify queue.x { events prefix suffix }`,
 * its R2 event notification rules. Each rule becomes an item of the
 * bucket's "notifications" attribute ({events, prefix, queue, suffix}, keys
 * sorted) and an edge to the queue, which must exist before the rule. */
#include <stdio.h>
#include <string.h>

#include "lang/check.h"

/* notifications: the bucket's "notifications" attribute, added on first use */
static struct m_attr *notifications(struct program *p, struct m_res *r, const struct ast_node *blk)
{
    const char *name = intern_str(p->names, "notifications", 13);
    for (size_t i = 0; i < r->n_attrs; i++)
        if (r->attrs[i].name == name)
            return &r->attrs[i];
    res_add_attr(p, r,
                 (struct m_attr){NULL, name, val_make(VAL_LIST, blk->span), blk->span, false});
    return &r->attrs[r->n_attrs - 1];
}

static const struct val *member(const struct val *m, const char *key)
{
    for (size_t i = 0; i < m->n; i++)
        if (!strcmp(m->keys[i], key))
            return &m->items[i];
    return NULL;
}

static bool same_text(const struct val *a, const struct val *b)
{
    if (!a || !b)
        return !a && !b;
    return a->known && b->known && !strcmp(a->s, b->s);
}

/* shared_event: an event both rules send, or NULL */
static const char *shared_event(const struct val *a, const struct val *b)
{
    const struct val *ea = member(a, "events"), *eb = member(b, "events");
    for (size_t i = 0; ea && eb && i < ea->n; i++)
        for (size_t j = 0; j < eb->n; j++)
            if (ea->items[i].known && eb->items[j].known && !strcmp(ea->items[i].s, eb->items[j].s))
                return ea->items[i].s;
    return NULL;
}

/* overlapping: Cloudflare refuses a rule for the same queue with the same
 * prefix and suffix as another when they share an event. */
static bool overlapping(struct program *p, const struct val *list, const struct val *rule)
{
    for (size_t i = 0; i < list->n; i++) {
        const struct val *o = &list->items[i];
        const char *ev = shared_event(o, rule);
        if (member(o, "queue")->res != member(rule, "queue")->res ||
            !same_text(member(o, "prefix"), member(rule, "prefix")) ||
            !same_text(member(o, "suffix"), member(rule, "suffix")) || !ev)
            continue;
        diag_error(p->diag, rule->span,
                   "merge the two rules, or give them different prefixes or suffixes",
                   "notification rule overlaps another: both send '%s' events of the same keys "
                   "to %s",
                   ev, res_display(p, member(rule, "queue")->res));
        diag_note(p->diag, o->span, "the other rule");
        return true;
    }
    return false;
}

static void unknown_setting(struct program *p, const struct ast_node *e)
{
    const struct sch_kind *k = &p->schema->notification;
    const char *cands[8];
    size_t n = 0;
    for (; n < k->n_attrs && n < 8; n++)
        cands[n] = k->attrs[n].name;
    const char *s = diag_suggest(e->str, cands, n);
    diag_error(p->diag, e->name_span,
               s ? arena_printf(p->arena, "did you mean '%s'?", s)
                 : "a notify block has events, prefix and suffix",
               "unknown %s '%s' in notify", e->kind == AST_BLOCK ? "block" : "setting", e->str);
}

/* setting: the value written for attribute a in blk (VAL_NULL when not
 * set; VAL_ERROR after an error) */
static struct val setting(struct program *p, struct m_res *r, const struct ast_node *blk,
                          const struct sch_attr *a)
{
    const struct ast_node *set = NULL;
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        if (e->kind == AST_ATTR && e->str == a->name) {
            if (set) {
                diag_error(p->diag, e->name_span, NULL, "'%s' is set twice", e->str);
                diag_note(p->diag, set->name_span, "first set here");
                return val_make(VAL_ERROR, e->span);
            }
            set = e;
        }
    struct eval_ctx c = {p, r, NULL, false};
    struct val v = set ? eval(&c, set->a) : val_make(VAL_NULL, blk->span);
    if (v.type == VAL_NULL && a->required) {
        diag_error(p->diag, blk->labels.head->span,
                   "add `events = [\"object-create\"]` (object-create, object-delete)",
                   "notify rule is missing required setting '%s'", a->name);
        return val_make(VAL_ERROR, blk->span);
    }
    if (v.type != VAL_NULL && !check_value(p, a, &v))
        return val_make(VAL_ERROR, v.span);
    return v;
}

/* rule: {events, prefix, queue, suffix} (keys sorted, prefix and suffix
 * only when set) into m; false after an error. */
static bool rule(struct program *p, struct m_res *r, const struct ast_node *blk,
                 const struct val *queue, struct val *m)
{
    const struct sch_kind *k = &p->schema->notification;
    bool ok = true;
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        if (e->kind == AST_BLOCK || (e->kind == AST_ATTR && !schema_attr(k, e->str))) {
            unknown_setting(p, e);
            ok = false;
        }
    m->keys = arena_alloc(p->arena, (k->n_attrs + 2) * sizeof *m->keys);
    m->items = arena_alloc(p->arena, (k->n_attrs + 2) * sizeof *m->items);
    bool queued = false;
    for (size_t i = 0; i < k->n_attrs; i++) { /* schema order is sorted: events, prefix, suffix */
        const struct sch_attr *a = &k->attrs[i];
        if (!queued && strcmp(a->name, "queue") > 0) {
            m->keys[m->n] = intern_str(p->names, "queue", 5);
            m->items[m->n++] = *queue;
            queued = true;
        }
        struct val v = setting(p, r, blk, a);
        ok = ok && v.type != VAL_ERROR;
        if (v.type != VAL_NULL && v.type != VAL_ERROR) {
            m->keys[m->n] = a->name;
            m->items[m->n++] = v;
        }
    }
    if (!queued) {
        m->keys[m->n] = intern_str(p->names, "queue", 5);
        m->items[m->n++] = *queue;
    }
    return ok;
}

/* notify queue.LABEL { events = [...] prefix = "..." suffix = "..." } */
static void notify(struct program *p, struct m_res *r, const struct ast_node *blk)
{
    const struct ast_node *l = blk->labels.head;
    if (blk->labels.n != 1 || l->kind != AST_PATH) {
        diag_error(p->diag, l ? l->span : blk->name_span, "write notify queue.LABEL { ... }",
                   "notify needs one queue reference");
        return;
    }
    struct eval_ctx c = {p, NULL, NULL, false};
    struct val q = eval(&c, l);
    if (q.type == VAL_ERROR)
        return;
    if (q.type != VAL_REF || q.attr || q.res->kind != IR_QUEUE) {
        diag_error(p->diag, l->span, "R2 event notifications are sent to a queue.LABEL",
                   "notify needs a queue, found %s",
                   q.type == VAL_REF ? res_display(p, q.res) : val_type_name(q.type));
        return;
    }
    /* the rule is shown by its header, `notify queue.x` */
    struct val m =
        val_make(VAL_MAP, (struct dome_span){blk->span.file, blk->span.start, l->span.end});
    if (!rule(p, r, blk, &q, &m))
        return;
    struct m_attr *all = notifications(p, r, blk);
    if (overlapping(p, &all->v, &m))
        return;
    struct val *items = arena_alloc(p->arena, (all->v.n + 1) * sizeof *items);
    if (all->v.n)
        memcpy(items, all->v.items, all->v.n * sizeof *items);
    items[all->v.n] = m;
    all->v.items = items;
    all->v.n++;
    res_add_edge(p, r, q.res, EDGE_REF, l->span, NULL);
}

/* check_bucket_block: see check.h. */
void check_bucket_block(struct program *p, struct m_res *r, const struct ast_node *blk)
{
    if (!strcmp(blk->str, "notify")) {
        notify(p, r, blk);
        return;
    }
    static const char *const names[] = {"notify"};
    const char *s = diag_suggest(blk->str, names, 1);
    diag_error(p->diag, blk->name_span,
               s ? "did you mean 'notify'?"
                 : "a bucket has notify queue.LABEL { ... } blocks (R2 event notifications)",
               "unknown block '%s' in bucket '%s'", blk->str, r->label);
}
