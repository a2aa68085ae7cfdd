/* The documents the editor has open: their text as the editor holds it,
 * kept in step by full and incremental changes. */
#include <stdlib.h>
#include <string.h>

#include "lsp/server.h"
#include "runtime/base/xalloc.h"

struct lsp_doc *doc_find(struct lsp_server *s, const char *uri)
{
    for (size_t i = 0; uri && i < s->n_docs; i++)
        if (!strcmp(s->docs[i].uri, uri))
            return &s->docs[i];
    return NULL;
}

struct lsp_doc *doc_by_path(struct lsp_server *s, const char *path)
{
    for (size_t i = 0; i < s->n_docs; i++)
        if (!strcmp(s->docs[i].path, path))
            return &s->docs[i];
    return NULL;
}

static void set_text(struct lsp_doc *d, const char *text, size_t len)
{
    char *t = xmalloc(len + 1);
    memcpy(t, text, len);
    t[len] = '\0';
    free(d->text);
    d->text = t;
    d->len = len;
}

struct lsp_doc *doc_open(struct lsp_server *s, const char *uri, const char *text, long version)
{
    char *path = uri_to_path(uri);
    if (!path)
        return NULL;
    struct lsp_doc *d = doc_find(s, uri);
    if (!d) {
        if (s->n_docs == s->cap_docs)
            s->docs = xreallocarray(s->docs, s->cap_docs = s->cap_docs * 2 + 4, sizeof *s->docs);
        d = &s->docs[s->n_docs++];
        memset(d, 0, sizeof *d);
        d->uri = xstrdup(uri);
        d->path = path;
    } else {
        free(path);
    }
    set_text(d, text, strlen(text));
    d->version = version;
    return d;
}

/* Replaces [start, end) of the text by repl. */
static void splice(struct lsp_doc *d, uint32_t start, uint32_t end, const char *repl)
{
    size_t rl = strlen(repl);
    char *t = xmalloc(d->len - (end - start) + rl + 1);
    memcpy(t, d->text, start);
    memcpy(t + start, repl, rl);
    memcpy(t + start + rl, d->text + end, d->len - end);
    d->len = d->len - (end - start) + rl;
    t[d->len] = '\0';
    free(d->text);
    d->text = t;
}

static bool range_offsets(struct lsp_server *s, const struct lsp_doc *d, const cJSON *range,
                          uint32_t *start, uint32_t *end)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(range, "start");
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(range, "end");
    bool ok = text_pos_offset(a, d->text, d->len, s->utf8, start) &&
              text_pos_offset(b, d->text, d->len, s->utf8, end);
    if (ok && *end < *start) {
        uint32_t t = *start;
        *start = *end;
        *end = t;
    }
    return ok;
}

bool doc_change(struct lsp_server *s, struct lsp_doc *d, const cJSON *change)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(change, "text");
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(change, "range");
    if (!cJSON_IsString(text))
        return false;
    if (!range) {
        set_text(d, text->valuestring, strlen(text->valuestring));
        return true;
    }
    uint32_t start, end;
    if (!range_offsets(s, d, range, &start, &end))
        return false;
    splice(d, start, end, text->valuestring);
    return true;
}

void doc_close(struct lsp_server *s, const char *uri)
{
    struct lsp_doc *d = doc_find(s, uri);
    if (!d)
        return;
    free(d->uri);
    free(d->path);
    free(d->text);
    *d = s->docs[--s->n_docs];
}
