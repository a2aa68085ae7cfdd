/* textDocument/completion. The context comes from the text before the
 * cursor (so a half-typed program still completes): the blocks it sits in
 * and the word being typed. What is offered comes from the schema and the
 * checked program: kinds, attributes with their enum values, labels of the
 * kind named before the dot, config keys, a resource snippet per kind. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/nav.h"
#include "runtime/base/xalloc.h"

#define MAX_NEST 16

/* Where the cursor is: the header words of each enclosing block, the word
 * being typed, and the attribute name when after `NAME =`. */
struct ctx {
    char block[MAX_NEST][2][64]; /* type and first label of each open block */
    int depth;
    char word[256]; /* identifier characters and dots before the cursor */
    char attr[64];  /* NAME in `NAME = ...` on this line, or "" */
    bool in_string;
};

static bool ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* Reads the first two words of a block header that ends at `end` ('{'). */
static void header_words(const char *text, size_t line_start, size_t end, char out[2][64])
{
    out[0][0] = out[1][0] = '\0';
    size_t i = line_start;
    for (int w = 0; w < 2 && i < end;) {
        while (i < end && !ident_char(text[i]))
            i++;
        size_t b = i;
        while (i < end && (ident_char(text[i]) || text[i] == '.'))
            i++;
        if (i > b) {
            snprintf(out[w++], 64, "%.*s", (int)(i - b), text + b);
        }
    }
}

static void scan(const char *text, size_t off, struct ctx *c)
{
    memset(c, 0, sizeof *c);
    size_t line_start = 0, item_start = 0;
    bool str = false, comment = false;
    for (size_t i = 0; i < off; i++) {
        char ch = text[i];
        if (ch == '\n') {
            comment = false;
            str = false;
            line_start = item_start = i + 1;
            continue;
        }
        if (comment)
            continue;
        if (str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                str = false;
            continue;
        }
        if (ch == '#')
            comment = true;
        else if (ch == '"')
            str = true;
        else if (ch == '{') {
            if (c->depth < MAX_NEST)
                header_words(text, item_start, i, c->block[c->depth]);
            c->depth++;
            item_start = i + 1;
        } else if (ch == '}') {
            c->depth -= c->depth > 0;
            item_start = i + 1;
        } else if (ch == ',') {
            item_start = i + 1;
        }
    }
    c->in_string = str;
    if (c->depth > MAX_NEST)
        c->depth = MAX_NEST;
    size_t b = off;
    while (b > line_start && (ident_char(text[b - 1]) || text[b - 1] == '.'))
        b--;
    snprintf(c->word, sizeof c->word, "%.*s", (int)(off - b), text + b);
    /* NAME = ... on the current item */
    const char *eq = NULL;
    for (size_t i = item_start; i < off; i++)
        if (text[i] == '=' && (i + 1 >= off || text[i + 1] != '=') &&
            (i == 0 || (text[i - 1] != '=' && text[i - 1] != '!'))) {
            eq = text + i;
            break;
        }
    if (eq) {
        const char *e = eq;
        while (e > text + item_start && isspace((unsigned char)e[-1]))
            e--;
        const char *s = e;
        while (s > text + item_start && ident_char(s[-1]))
            s--;
        snprintf(c->attr, sizeof c->attr, "%.*s", (int)(e - s), s);
        if (!c->attr[0])
            snprintf(c->attr, sizeof c->attr, "=");
    }
}

static cJSON *item(cJSON *list, const char *label, int kind, const char *detail)
{
    cJSON *it = cJSON_CreateObject();
    cJSON_AddStringToObject(it, "label", label);
    cJSON_AddNumberToObject(it, "kind", kind);
    if (detail)
        cJSON_AddStringToObject(it, "detail", detail);
    cJSON_AddItemToArray(list, it);
    return it;
}

static void snippet(cJSON *it, const char *text)
{
    cJSON_AddStringToObject(it, "insertText", text);
    cJSON_AddNumberToObject(it, "insertTextFormat", 2);
}

enum {
    CK_FUNCTION = 3,
    CK_VARIABLE = 6,
    CK_CLASS = 7,
    CK_MODULE = 9,
    CK_PROPERTY = 10,
    CK_KEYWORD = 14,
    CK_SNIPPET = 15,
    CK_REFERENCE = 18,
    CK_ENUM_MEMBER = 20
};

/* A new resource of kind k, with its required attributes as placeholders. */
static void kind_snippet(cJSON *list, const struct sch_kind *k)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%s ${1:label} {\n", k->name);
    int tab = 2;
    for (size_t i = 0; i < k->n_attrs && n < (int)sizeof buf - 100; i++)
        if (k->attrs[i].required || k->attrs[i].required_unless)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "  %s = ${%d}\n", k->attrs[i].name,
                          tab++);
    snprintf(buf + n, sizeof buf - (size_t)n, "  $0\n}");
    cJSON *it = item(list, k->name, CK_SNIPPET, "new resource");
    snippet(it, buf);
}

static void top_level(cJSON *list, struct program *p)
{
    for (int k = 0; k < IR_N_KINDS; k++)
        kind_snippet(list, &p->schema->kinds[k]);
    snippet(item(list, "project", CK_KEYWORD, "the project block"),
            "project \"${1:name}\" {\n  naming = \"\\${project}-\\${name}-\\${stack}\"\n}");
    snippet(item(list, "config", CK_KEYWORD, "a config value"), "config ${1:name}: ${2:string}");
    snippet(item(list, "output", CK_KEYWORD, "an output"), "output ${1:name} = $0");
    snippet(item(list, "defaults", CK_KEYWORD, "defaults for every resource of a kind"),
            "defaults ${1:worker} {\n  $0\n}");
    snippet(item(list, "moved", CK_KEYWORD, "a renamed resource"),
            "moved {\n  from = ${1}\n  to   = ${2}\n}");
    snippet(item(list, "removed", CK_KEYWORD, "a resource to forget or delete"),
            "removed {\n  from = ${1}\n}");
}

static void attributes(cJSON *list, const struct sch_kind *k, bool is_resource, bool worker,
                       struct program *p)
{
    for (size_t i = 0; i < k->n_attrs; i++) {
        cJSON *it = item(list, k->attrs[i].name, CK_PROPERTY, k->attrs[i].doc);
        char *ins = xasprintf("%s = ", k->attrs[i].name);
        cJSON_AddStringToObject(it, "insertText", ins);
        free(ins);
    }
    if (is_resource) {
        item(list, "name", CK_PROPERTY, "the physical name (overrides the project's naming)");
        item(list, "protect", CK_PROPERTY, "refuse to delete or replace the resource");
    }
    if (worker) {
        snippet(item(list, p->kw.bindings, CK_MODULE, "bindings { NAME = kind.label }"),
                "bindings {\n  ${1:NAME} = $0\n}");
        snippet(item(list, p->kw.vars, CK_MODULE, "plain-text variables"),
                "vars {\n  ${1:NAME} = $0\n}");
        snippet(item(list, p->kw.secrets, CK_MODULE, "secret variables from config"),
                "secrets {\n  ${1:NAME} = config.$0\n}");
        snippet(item(list, p->kw.consumes, CK_MODULE, "consume a queue"),
                "consumes queue.${1:label} {\n  $0\n}");
    }
}

static void enum_values(cJSON *list, const struct sch_attr *a, bool in_string)
{
    for (size_t i = 0; i < a->n_values; i++) {
        char *q = xasprintf("\"%s\"", a->values[i]);
        cJSON *it = item(list, in_string ? a->values[i] : q, CK_ENUM_MEMBER, a->doc);
        free(q);
        (void)it;
    }
}

/* After KIND. or config. or KIND.label. */
static bool dotted(cJSON *list, struct program *p, const char *word)
{
    const char *dot = strchr(word, '.');
    if (!dot)
        return false;
    char head[64];
    snprintf(head, sizeof head, "%.*s", (int)(dot - word), word);
    const char *rest = dot + 1;
    if (!strcmp(head, "config")) {
        for (size_t i = 0; i < p->n_configs; i++)
            item(list, p->configs[i].name, CK_VARIABLE, val_type_name(p->configs[i].type));
        return true;
    }
    int kind = schema_kind_of(p->schema, intern_str(p->names, head, strlen(head)));
    if (kind < 0)
        return true; /* nothing sensible after an unknown name */
    if (strchr(rest, '.')) {
        const struct sch_kind *k = &p->schema->kinds[kind];
        for (size_t i = 0; i < k->n_refs; i++)
            item(list, k->refs[i], CK_PROPERTY, "readable attribute");
        return true;
    }
    for (size_t i = 0; i < p->n_res; i++)
        if ((int)p->res[i]->kind == kind)
            item(list, p->res[i]->label, CK_REFERENCE, res_display(p, p->res[i]));
    return true;
}

/* A value: references, config, stack, functions, booleans. */
static void values(cJSON *list, struct program *p, bool binding)
{
    for (int k = 0; k < IR_N_KINDS; k++) {
        const struct sch_kind *sk = &p->schema->kinds[k];
        cJSON *it = item(list, sk->name, CK_CLASS, sk->binding ? sk->binding : NULL);
        char *ins = xasprintf("%s.", sk->name);
        cJSON_AddStringToObject(it, "insertText", ins);
        free(ins);
    }
    if (binding) {
        item(list, "ai", CK_KEYWORD, "the Workers AI binding");
        return;
    }
    cJSON_AddStringToObject(item(list, "config", CK_KEYWORD, "a config value"), "insertText",
                            "config.");
    item(list, "stack", CK_KEYWORD, "the stack's name");
    item(list, "project", CK_KEYWORD, "the project's name");
    item(list, "true", CK_KEYWORD, NULL);
    item(list, "false", CK_KEYWORD, NULL);
    for (size_t i = 0; i < p->schema->n_fns; i++) {
        char *call = xasprintf("%s($1)", p->schema->fns[i].name);
        snippet(item(list, p->schema->fns[i].name, CK_FUNCTION, "built-in function"), call);
        free(call);
    }
}

static const struct sch_kind *kind_of_block(struct program *p, const struct ctx *c, int level,
                                            bool *is_resource)
{
    *is_resource = false;
    const char *type = c->block[level][0];
    if (!strcmp(type, "consumes"))
        return &p->schema->consumer;
    if (!strcmp(type, "notify"))
        return &p->schema->notification;
    if (level != 0)
        return NULL;
    int k = schema_kind_of(p->schema, intern_str(p->names, type, strlen(type)));
    *is_resource = k >= 0;
    if (k < 0 && !strcmp(type, "defaults"))
        k = schema_kind_of(p->schema, intern_str(p->names, c->block[0][1], strlen(c->block[0][1])));
    return k >= 0 ? &p->schema->kinds[k] : NULL;
}

cJSON *req_completion(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    if (!where_of(s, params, &w))
        return NULL;
    struct ctx c;
    scan(w.src->text, w.off, &c);
    struct program *p = lang_unit_program(program_unit(s, w.dir, NULL));
    cJSON *list = cJSON_CreateArray();
    int level = c.depth - 1;
    bool is_resource = false;
    const struct sch_kind *k = level >= 0 ? kind_of_block(p, &c, level, &is_resource) : NULL;
    bool in_bindings = level >= 0 && !strcmp(c.block[level][0], "bindings");
    if (dotted(list, p, c.word)) {
        /* done */
    } else if (c.attr[0] && k) {
        const struct sch_attr *a = schema_attr(k, intern_str(p->names, c.attr, strlen(c.attr)));
        if (a && a->n_values)
            enum_values(list, a, c.in_string);
        else if (!c.in_string)
            values(list, p, false);
    } else if (c.attr[0] && !c.in_string) {
        values(list, p, in_bindings);
    } else if (c.in_string) {
        /* free text */
    } else if (level < 0) {
        top_level(list, p);
    } else if (k) {
        attributes(list, k, is_resource,
                   is_resource && !strcmp(c.block[level][0], ir_kind_name(IR_WORKER)), p);
    }
    where_free(&w);
    return list;
}
