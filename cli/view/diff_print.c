/* Element-level attribute diffs (see diff_print.h). */
#include "cli/view/diff_print.h"

#include <stdlib.h>
#include <string.h>

#include "cli/term.h"
#include "cli/view/plan_print.h"

#define HASH_SHOWN 12 /* characters of a hash shown */
#define TEXT_MAX   512

struct line_style {
    FILE *out;
    int indent;
    bool color;
};

static void emit(const struct line_style *ls, char mark, const char *path, const char *text)
{
    const char *c = mark == '+' ? TERM_GREEN : mark == '-' ? TERM_RED : TERM_YELLOW;
    fprintf(ls->out, "%*s%s%c%s %s: %s\n", ls->indent, "", ls->color ? c : "", mark,
            ls->color ? TERM_RESET : "", path, text);
}

/* A string of 40 or more hex digits is a hash: shown shortened. */
static bool is_hash(const char *s)
{
    size_t n = strlen(s);
    return n >= 40 && strspn(s, "0123456789abcdef") == n;
}

/* The short text of a value: strings quoted, hashes shortened, secrets
 * hidden, lists and maps as compact JSON. */
static void value_text(char *buf, size_t cap, const cJSON *v)
{
    if (!v || cJSON_IsNull(v)) {
        snprintf(buf, cap, "(none)");
    } else if (cJSON_IsString(v) && is_hash(v->valuestring)) {
        snprintf(buf, cap, "%.*s…", HASH_SHOWN, v->valuestring);
    } else {
        cJSON *safe = plan_sanitized(v);
        char *text = cJSON_PrintUnformatted(safe);
        snprintf(buf, cap, "%s", text ? text : "?");
        free(text);
        cJSON_Delete(safe);
    }
}

static const char *str_of(const cJSON *o, const char *field)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, field));
}

/* ---- keyed lists: bindings by name, consumers by queue ---- */

/* is_unique: no two elements of list share the value of field */
static bool is_unique(const cJSON *list, const char *field)
{
    const cJSON *e, *o;
    cJSON_ArrayForEach(
        e, list) for (o = e->next; o;
                      o = o->next) if (cJSON_IsObject(o) && str_of(o, field) &&
                                       !strcmp(str_of(o, field), str_of(e, field))) return false;
    return true;
}

/* The field that names each element of a list of objects (once per list),
 * or NULL: a bucket's several rules to one queue are whole elements. */
static const char *key_field(const cJSON *a, const cJSON *b)
{
    static const char *const fields[] = {"name", "queue"};
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        bool all = true, any = false;
        const cJSON *lists[] = {a, b}, *e;
        for (int l = 0; l < 2; l++)
            cJSON_ArrayForEach(e, lists[l])
            {
                any = true;
                all = all && cJSON_IsObject(e) && str_of(e, fields[f]);
            }
        if (any && all && is_unique(a, fields[f]) && is_unique(b, fields[f]))
            return fields[f];
    }
    return NULL;
}

static const cJSON *find_elem(const cJSON *list, const char *field, const char *key)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) if (!strcmp(str_of(e, field), key)) return e;
    return NULL;
}

/* Where a binding shows: vars.NAME, secrets.NAME or bindings.NAME. */
static void elem_path(char *buf, size_t cap, const char *attr, const char *field, const cJSON *e)
{
    const char *type = str_of(e, "type");
    if (!strcmp(attr, "bindings") && type && !strcmp(type, "plain_text"))
        snprintf(buf, cap, "vars.%s", str_of(e, field));
    else if (!strcmp(attr, "bindings") && type && !strcmp(type, "secret_text"))
        snprintf(buf, cap, "secrets.%s", str_of(e, field));
    else if (!strcmp(field, "name"))
        snprintf(buf, cap, "%s.%s", attr, str_of(e, field));
    else
        snprintf(buf, cap, "%s[%s]", attr, str_of(e, field));
}

/* The text of one element: a var's value, (sensitive) for a secret,
 * "type target" for a binding, else its other fields as JSON. */
static void elem_text(char *buf, size_t cap, const char *field, const cJSON *e)
{
    const char *type = str_of(e, "type"), *target = str_of(e, "target");
    if (type && !strcmp(type, "plain_text")) {
        value_text(buf, cap, cJSON_GetObjectItemCaseSensitive(e, "text"));
    } else if (type && !strcmp(type, "secret_text")) {
        snprintf(buf, cap, "(sensitive)");
    } else if (type && !strcmp(field, "name") && cJSON_GetArraySize(e) <= 3) {
        snprintf(buf, cap, "%s%s%s", type, target ? " " : "", target ? target : "");
    } else {
        cJSON *rest = cJSON_Duplicate(e, 1);
        cJSON_DeleteItemFromObjectCaseSensitive(rest, field);
        value_text(buf, cap, rest);
        cJSON_Delete(rest);
    }
}

/* "a → b" for two values already turned into text. */
static void arrow(char *buf, size_t cap, const char *a, const char *b)
{
    snprintf(buf, cap, "%s → %s", a, b);
}

/* One element in both lists, changed: a secret by its hash, a binding or a
 * var as a whole, another object field by field. */
static void elem_changed(const struct line_style *ls, const char *path, const char *field,
                         const cJSON *was, const cJSON *now)
{
    char a[TEXT_MAX], b[TEXT_MAX], text[2 * TEXT_MAX + 8], sub[2 * TEXT_MAX];
    const char *type = str_of(now, "type"), *old_type = str_of(was, "type");
    if (type && old_type && !strcmp(type, "secret_text") && !strcmp(old_type, "secret_text")) {
        emit(ls, '~', path, "(sensitive, changed)");
        return;
    }
    if (type || !strcmp(field, "name")) {
        elem_text(a, sizeof a, field, was);
        elem_text(b, sizeof b, field, now);
        arrow(text, sizeof text, a, b);
        emit(ls, '~', path, text);
        return;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, now)
    {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(was, f->string);
        if (old && cJSON_Compare(old, f, true))
            continue;
        snprintf(sub, sizeof sub, "%.*s.%.*s", TEXT_MAX / 2, path, TEXT_MAX / 2, f->string);
        if (!strcmp(f->string, "hash")) { /* a secret's keyed hash: never shown */
            emit(ls, '~', sub, "(sensitive, changed)");
            continue;
        }
        value_text(a, sizeof a, old);
        value_text(b, sizeof b, f);
        arrow(text, sizeof text, a, b);
        emit(ls, old ? '~' : '+', sub, text);
    }
    cJSON_ArrayForEach(f, was) if (!cJSON_GetObjectItemCaseSensitive(now, f->string))
    {
        value_text(a, sizeof a, f);
        snprintf(sub, sizeof sub, "%.*s.%.*s", TEXT_MAX / 2, path, TEXT_MAX / 2, f->string);
        emit(ls, '-', sub, a);
    }
}

/* Both lists keyed by field: removed, changed, then added elements.
 * Returns how many lines were written. */
static int keyed_diff(const struct line_style *ls, const char *attr, const char *field,
                      const cJSON *was, const cJSON *now)
{
    char path[256], text[TEXT_MAX];
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, was)
    {
        const cJSON *other = find_elem(now, field, str_of(e, field));
        elem_path(path, sizeof path, attr, field, other ? other : e);
        if (!other) {
            elem_text(text, sizeof text, field, e);
            emit(ls, '-', path, text);
            n++;
        } else if (!cJSON_Compare(e, other, true)) {
            elem_changed(ls, path, field, e, other);
            n++;
        }
    }
    cJSON_ArrayForEach(e, now) if (!find_elem(was, field, str_of(e, field)))
    {
        elem_path(path, sizeof path, attr, field, e);
        elem_text(text, sizeof text, field, e);
        emit(ls, '+', path, text);
        n++;
    }
    return n;
}

/* ---- lists of values (crons, flags) ---- */

static bool has_value(const cJSON *list, const cJSON *v)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list) if (cJSON_Compare(e, v, true)) return true;
    return false;
}

static int set_diff(const struct line_style *ls, const char *attr, const cJSON *was,
                    const cJSON *now)
{
    char text[TEXT_MAX];
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, was) if (!has_value(now, e))
    {
        value_text(text, sizeof text, e);
        emit(ls, '-', attr, text);
        n++;
    }
    cJSON_ArrayForEach(e, now) if (!has_value(was, e))
    {
        value_text(text, sizeof text, e);
        emit(ls, '+', attr, text);
        n++;
    }
    return n;
}

/* retyped_field: Vectorize cannot change a metadata index's type in place */
static void retyped_field(FILE *out, int indent, const char *path, const cJSON *was,
                          const cJSON *now, bool color)
{
    struct line_style ls = {out, indent, color};
    char a[TEXT_MAX], b[TEXT_MAX], text[2 * TEXT_MAX + 64];
    value_text(a, sizeof a, was);
    value_text(b, sizeof b, now);
    snprintf(text, sizeof text, "%s → %s (the metadata index is deleted and created again)", a, b);
    emit(&ls, '~', path, text);
}

/* map_diff: an object attribute (a worker's modules, a database's
 * migrations) key by key, only the keys that differ: "modules.index.js". */
static void map_diff(FILE *out, int indent, const char *name, const cJSON *before,
                     const cJSON *after, bool color)
{
    char path[TEXT_MAX];
    const cJSON *it;
    cJSON_ArrayForEach(it, after)
    {
        const cJSON *was = cJSON_GetObjectItemCaseSensitive(before, it->string);
        if (was && cJSON_Compare(was, it, 1))
            continue;
        snprintf(path, sizeof path, "%s.%s", name, it->string);
        if (was && !strcmp(name, "metadata_indexes"))
            retyped_field(out, indent, path, was, it, color);
        else
            diff_print_attr(out, indent, path, was, it, color);
    }
    cJSON_ArrayForEach(it, before)
    {
        if (cJSON_GetObjectItemCaseSensitive(after, it->string))
            continue;
        snprintf(path, sizeof path, "%s.%s", name, it->string);
        diff_print_attr(out, indent, path, it, NULL, color);
    }
}

/* diff_print_attr: see diff_print.h. */
void diff_print_attr(FILE *out, int indent, const char *name, const cJSON *before,
                     const cJSON *after, bool color)
{
    struct line_style ls = {out, indent, color};
    char a[TEXT_MAX], b[TEXT_MAX], text[2 * TEXT_MAX + 8];
    if (cJSON_IsObject(before) && cJSON_IsObject(after)) {
        map_diff(out, indent, name, before, after, color);
        return;
    }
    if (cJSON_IsArray(before) && cJSON_IsArray(after)) {
        const char *field = key_field(before, after);
        int n = field ? keyed_diff(&ls, name, field, before, after)
                      : set_diff(&ls, name, before, after);
        if (n == 0) /* the same elements: sent again, e.g. for a replaced target */
            emit(&ls, '~', name,
                 "the same in the program; sent again (a bound resource "
                 "is replaced, or the order changed)");
        return;
    }
    value_text(a, sizeof a, before);
    value_text(b, sizeof b, after);
    arrow(text, sizeof text, a, b);
    emit(&ls, !before ? '+' : !after ? '-' : '~', name, !before ? b : !after ? a : text);
}

/* diff_print_created: see diff_print.h. */
void diff_print_created(FILE *out, int indent, const cJSON *attrs, bool color)
{
    struct line_style ls = {out, indent, color};
    char text[TEXT_MAX];
    const cJSON *v;
    cJSON_ArrayForEach(v, attrs)
    {
        const char *field = cJSON_IsArray(v) ? key_field(v, NULL) : NULL;
        if (field) {
            keyed_diff(&ls, v->string, field, NULL, v);
            continue;
        }
        value_text(text, sizeof text, v);
        emit(&ls, '+', v->string, text);
    }
}
