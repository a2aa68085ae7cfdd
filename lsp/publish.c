/* textDocument/publishDiagnostics for every file of a program: what
 * `domec check DIR` reports, plus, for each open stack file, what
 * `domec check DIR --stack NAME` reports (the same diagnostic once). An
 * error's notes become its related information, its help a line of the
 * message, as the terminal shows them. */
#include <stdlib.h>
#include <string.h>

#include "lsp/rpc.h"
#include "lsp/server.h"
#include "runtime/base/xalloc.h"

struct raw_diag {
    enum diag_severity sev;
    struct dome_span span;
    char *msg, *help;
};

struct collect {
    struct raw_diag *d;
    size_t n, cap;
};

static void collect_one(void *ctx, enum diag_severity sev, struct dome_span span, const char *msg,
                        const char *help)
{
    struct collect *c = ctx;
    if (c->n == c->cap)
        c->d = xreallocarray(c->d, c->cap = c->cap * 2 + 16, sizeof *c->d);
    c->d[c->n++] = (struct raw_diag){sev, span, xstrdup(msg), help ? xstrdup(help) : NULL};
}

/* One file's diagnostics, as the JSON array published for it. */
struct file_diags {
    char *path;
    cJSON *list;
};

struct by_file {
    struct file_diags *f;
    size_t n, cap;
};

static cJSON *list_for(struct by_file *b, const char *path)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->f[i].path, path))
            return b->f[i].list;
    if (b->n == b->cap)
        b->f = xreallocarray(b->f, b->cap = b->cap * 2 + 8, sizeof *b->f);
    b->f[b->n] = (struct file_diags){xstrdup(path), cJSON_CreateArray()};
    return b->f[b->n++].list;
}

static cJSON *location(struct lsp_server *s, const struct src_file *f, struct dome_span sp)
{
    cJSON *loc = cJSON_CreateObject();
    struct lsp_doc *d = doc_by_path(s, f->path);
    char *uri = d ? xstrdup(d->uri) : path_to_uri(f->path);
    cJSON_AddStringToObject(loc, "uri", uri);
    free(uri);
    cJSON_AddItemToObject(loc, "range", text_range(f, sp.start, sp.end, s->utf8));
    return loc;
}

/* The same range and message are already in list (from another check). */
static bool already(const cJSON *list, const cJSON *diag)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        if (cJSON_Compare(cJSON_GetObjectItem(e, "range"), cJSON_GetObjectItem(diag, "range"),
                          true) &&
            cJSON_Compare(cJSON_GetObjectItem(e, "message"), cJSON_GetObjectItem(diag, "message"),
                          true))
            return true;
    }
    return false;
}

/* Turns the collected diagnostics of one check into LSP diagnostics. A
 * diagnostic without a place goes to the first file at its start. */
static void convert(struct lsp_server *s, const struct src_table *src, struct collect *c,
                    struct by_file *out)
{
    cJSON *last = NULL;
    bool skipping = false; /* the notes of a diagnostic already listed */
    for (size_t i = 0; i < c->n; i++) {
        struct raw_diag *r = &c->d[i];
        struct dome_span sp = r->span;
        if (sp.file >= src->n) {
            if (src->n == 0)
                continue;
            sp = (struct dome_span){0, 0, 0};
        }
        const struct src_file *f = &src->files[sp.file];
        if (r->sev == DIAG_NOTE && skipping)
            continue;
        if (r->sev == DIAG_NOTE && last) {
            cJSON *rel = cJSON_GetObjectItem(last, "relatedInformation");
            if (!rel)
                rel = cJSON_AddArrayToObject(last, "relatedInformation");
            cJSON *info = cJSON_CreateObject();
            cJSON_AddItemToObject(info, "location", location(s, f, sp));
            cJSON_AddStringToObject(info, "message", r->msg);
            cJSON_AddItemToArray(rel, info);
            continue;
        }
        cJSON *d = cJSON_CreateObject();
        cJSON_AddItemToObject(d, "range", text_range(f, sp.start, sp.end, s->utf8));
        cJSON_AddNumberToObject(d, "severity",
                                r->sev == DIAG_ERROR     ? 1
                                : r->sev == DIAG_WARNING ? 2
                                                         : 3);
        cJSON_AddStringToObject(d, "source", "domec");
        char *msg = r->help ? xasprintf("%s\nhelp: %s", r->msg, r->help) : xstrdup(r->msg);
        cJSON_AddStringToObject(d, "message", msg);
        free(msg);
        cJSON *list = list_for(out, f->path);
        skipping = already(list, d);
        if (skipping) {
            cJSON_Delete(d);
            last = NULL;
            continue;
        }
        cJSON_AddItemToArray(list, d);
        last = d;
    }
}

static void collect_free(struct collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->d[i].msg);
        free(c->d[i].help);
    }
    free(c->d);
    memset(c, 0, sizeof *c);
}

/* Runs one check of dir (with stack or not) into out; the unit is kept as
 * the program's cached one. */
static void check_into(struct lsp_server *s, const char *dir, const char *stack,
                       struct by_file *out)
{
    struct collect c = {0};
    struct lang_unit *u = program_check(s, dir, stack, collect_one, &c);
    convert(s, lang_unit_sources(u), &c, out);
    collect_free(&c);
    if (s->n_units == s->cap_units)
        s->units = xreallocarray(s->units, s->cap_units = s->cap_units * 2 + 4, sizeof *s->units);
    s->units[s->n_units++] = (struct lsp_unit){xstrdup(dir), stack ? xstrdup(stack) : NULL, u};
}

static void send(struct lsp_server *s, const char *path, cJSON *list)
{
    struct lsp_doc *d = doc_by_path(s, path);
    char *uri = d ? xstrdup(d->uri) : path_to_uri(path);
    int n = cJSON_GetArraySize(list);
    cJSON *params = cJSON_CreateObject();
    cJSON_AddStringToObject(params, "uri", uri);
    if (d)
        cJSON_AddNumberToObject(params, "version", (double)d->version);
    cJSON_AddItemToObject(params, "diagnostics", list);
    rpc_notify(s->out, "textDocument/publishDiagnostics", params);
    /* remember it so that a later clean check clears it */
    bool had = false;
    for (size_t i = 0; i < s->n_published && !had; i++)
        had = !strcmp(s->published[i], uri);
    if (!had && n > 0) {
        if (s->n_published == s->cap_published)
            s->published = xreallocarray(s->published, s->cap_published = s->cap_published * 2 + 8,
                                         sizeof *s->published);
        s->published[s->n_published++] = uri;
    } else {
        free(uri);
    }
}

/* Whether uri names a file in dir or dir/stacks. */
static bool in_program(const char *uri, const char *dir)
{
    char *path = uri_to_path(uri), *stack;
    char *prog = path ? program_of(path, &stack) : NULL;
    bool in = prog && !strcmp(prog, dir);
    free(prog);
    free(path);
    if (prog)
        free(stack);
    return in;
}

void publish_program(struct lsp_server *s, const char *dir)
{
    program_forget(s, dir);
    struct by_file out = {0};
    char **files = program_files(s, dir);
    for (size_t i = 0; files[i]; i++)
        list_for(&out, files[i]); /* every file gets a (maybe empty) list */
    lang_free_list(files);
    check_into(s, dir, NULL, &out);
    char **stacks = program_stacks(s, dir);
    for (size_t i = 0; stacks[i]; i++) {
        char *path = xasprintf("%s/stacks/%s.dome", dir, stacks[i]);
        if (doc_by_path(s, path)) { /* an open stack file is checked as that stack */
            list_for(&out, path);
            check_into(s, dir, stacks[i], &out);
        }
        free(path);
    }
    lang_free_list(stacks);
    /* files of this program that had diagnostics and now have none */
    for (size_t i = 0; i < s->n_published; i++) {
        char *path = uri_to_path(s->published[i]);
        if (path && in_program(s->published[i], dir))
            list_for(&out, path);
        free(path);
    }
    for (size_t i = 0; i < s->n_published;) { /* rebuilt by send() below */
        if (in_program(s->published[i], dir)) {
            free(s->published[i]);
            s->published[i] = s->published[--s->n_published];
        } else {
            i++;
        }
    }
    for (size_t i = 0; i < out.n; i++) {
        send(s, out.f[i].path, out.f[i].list);
        free(out.f[i].path);
    }
    free(out.f);
}
