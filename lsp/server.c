/* The server loop and the dispatch of requests and notifications: the
 * lifecycle (initialize, shutdown, exit), document sync, and a table of
 * request handlers (one file each). */
#include "lsp/lsp.h"

#include <stdlib.h>
#include <string.h>

#include "lsp/rpc.h"
#include "lsp/server.h"
#include "runtime/base/xalloc.h"

struct lsp_server *lsp_server_new(FILE *out)
{
    struct lsp_server *s = xcalloc(1, sizeof *s);
    s->out = out;
    return s;
}

void lsp_server_free(struct lsp_server *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_units; i++) {
        lang_unit_free(s->units[i].unit);
        free(s->units[i].dir);
        free(s->units[i].stack);
    }
    free(s->units);
    while (s->n_docs)
        doc_close(s, s->docs[0].uri);
    free(s->docs);
    for (size_t i = 0; i < s->n_published; i++)
        free(s->published[i]);
    free(s->published);
    free(s);
}

static bool client_offers_utf8(const cJSON *params)
{
    const cJSON *enc = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(params, "capabilities"),
                                         "general"),
        "positionEncodings");
    const cJSON *e;
    cJSON_ArrayForEach(e,
                       enc) if (cJSON_IsString(e) && !strcmp(e->valuestring, "utf-8")) return true;
    return false;
}

static cJSON *initialize(struct lsp_server *s, const cJSON *params)
{
    s->initialized = true;
    s->utf8 = client_offers_utf8(params);
    cJSON *r = cJSON_CreateObject();
    cJSON *c = cJSON_AddObjectToObject(r, "capabilities");
    cJSON_AddStringToObject(c, "positionEncoding", s->utf8 ? "utf-8" : "utf-16");
    cJSON *sync = cJSON_AddObjectToObject(c, "textDocumentSync");
    cJSON_AddBoolToObject(sync, "openClose", true);
    cJSON_AddNumberToObject(sync, "change", 2); /* incremental */
    cJSON_AddBoolToObject(cJSON_AddObjectToObject(sync, "save"), "includeText", false);
    cJSON_AddBoolToObject(c, "definitionProvider", true);
    cJSON_AddBoolToObject(c, "referencesProvider", true);
    cJSON_AddBoolToObject(c, "documentHighlightProvider", true);
    cJSON_AddBoolToObject(cJSON_AddObjectToObject(c, "renameProvider"), "prepareProvider", true);
    cJSON_AddBoolToObject(c, "hoverProvider", true);
    cJSON *comp = cJSON_AddObjectToObject(c, "completionProvider");
    cJSON *trig = cJSON_AddArrayToObject(comp, "triggerCharacters");
    cJSON_AddItemToArray(trig, cJSON_CreateString("."));
    cJSON_AddItemToArray(trig, cJSON_CreateString("\""));
    cJSON_AddBoolToObject(c, "documentSymbolProvider", true);
    cJSON_AddBoolToObject(c, "documentFormattingProvider", true);
    cJSON *ca = cJSON_AddObjectToObject(c, "codeActionProvider");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(ca, "codeActionKinds"),
                         cJSON_CreateString("quickfix"));
    cJSON_AddBoolToObject(c, "foldingRangeProvider", true);
    cJSON *st = cJSON_AddObjectToObject(c, "semanticTokensProvider");
    cJSON_AddItemToObject(st, "legend", tokens_legend());
    cJSON_AddBoolToObject(st, "full", true);
    cJSON *info = cJSON_AddObjectToObject(r, "serverInfo");
    cJSON_AddStringToObject(info, "name", "domec lsp");
    return r;
}

static const char *text_document_uri(const cJSON *params)
{
    const cJSON *uri = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
    return cJSON_IsString(uri) ? uri->valuestring : NULL;
}

/* Re-checks the program of the document at uri and publishes. */
static void recheck(struct lsp_server *s, const char *uri)
{
    char *path = uri_to_path(uri), *stack = NULL;
    if (!path)
        return;
    char *dir = program_of(path, &stack);
    publish_program(s, dir);
    free(dir);
    free(stack);
    free(path);
}

static void did_open(struct lsp_server *s, const cJSON *params)
{
    const cJSON *td = cJSON_GetObjectItemCaseSensitive(params, "textDocument");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(td, "text");
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(td, "version");
    const char *uri = text_document_uri(params);
    if (!uri || !cJSON_IsString(text))
        return;
    if (doc_open(s, uri, text->valuestring,
                 cJSON_IsNumber(version) ? (long)version->valuedouble : 0))
        recheck(s, uri);
}

static void did_change(struct lsp_server *s, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    struct lsp_doc *d = doc_find(s, uri);
    if (!d)
        return;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "version");
    const cJSON *ch;
    cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(params, "contentChanges"))
    {
        if (!doc_change(s, d, ch))
            break; /* a malformed change: the rest would apply to the wrong text */
    }
    if (cJSON_IsNumber(version))
        d->version = (long)version->valuedouble;
    recheck(s, uri);
}

static void did_close(struct lsp_server *s, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    if (!doc_find(s, uri))
        return;
    char *keep = xstrdup(uri);
    doc_close(s, keep);
    recheck(s, keep); /* the file on disk (or its absence) is the program now */
    free(keep);
}

/* A file changed on disk (saved, created, deleted): re-check its program. */
static void did_save(struct lsp_server *s, const cJSON *params)
{
    const char *uri = text_document_uri(params);
    if (uri)
        recheck(s, uri);
}

static void watched_files(struct lsp_server *s, const cJSON *params)
{
    const cJSON *ch;
    cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(params, "changes"))
    {
        const cJSON *uri = cJSON_GetObjectItemCaseSensitive(ch, "uri");
        if (cJSON_IsString(uri))
            recheck(s, uri->valuestring);
    }
}

static const struct {
    const char *method;
    lsp_request_fn *fn;
} requests[] = {
    {"textDocument/definition", req_definition},
    {"textDocument/references", req_references},
    {"textDocument/documentHighlight", req_document_highlight},
    {"textDocument/prepareRename", req_prepare_rename},
    {"textDocument/rename", req_rename},
    {"textDocument/hover", req_hover},
    {"textDocument/completion", req_completion},
    {"textDocument/documentSymbol", req_document_symbol},
    {"textDocument/formatting", req_formatting},
    {"textDocument/codeAction", req_code_action},
    {"textDocument/foldingRange", req_folding_range},
    {"textDocument/semanticTokens/full", req_semantic_tokens},
};

static const struct {
    const char *method;
    lsp_notify_fn *fn;
} notifications[] = {
    {"textDocument/didOpen", did_open},
    {"textDocument/didChange", did_change},
    {"textDocument/didClose", did_close},
    {"textDocument/didSave", did_save},
    {"workspace/didChangeWatchedFiles", watched_files},
};

static void request(struct lsp_server *s, const cJSON *id, const char *method, const cJSON *params)
{
    if (!strcmp(method, "initialize")) {
        rpc_result(s->out, id, initialize(s, params));
        return;
    }
    if (!s->initialized) {
        rpc_error(s->out, id, RPC_NOT_INITIALIZED, "the server is not initialized yet");
        return;
    }
    if (s->shutdown) {
        rpc_error(s->out, id, RPC_INVALID_REQUEST, "the server is shutting down");
        return;
    }
    if (!strcmp(method, "shutdown")) {
        s->shutdown = true;
        rpc_result(s->out, id, NULL);
        return;
    }
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
        if (!strcmp(method, requests[i].method)) {
            if (!cJSON_IsObject(params) || !text_document_uri(params)) {
                rpc_error(s->out, id, RPC_INVALID_PARAMS, "params.textDocument.uri is missing");
                return;
            }
            s->error_code = 0;
            cJSON *result = requests[i].fn(s, params);
            if (s->error_code)
                rpc_error(s->out, id, s->error_code, s->error_reason);
            else
                rpc_result(s->out, id, result);
            return;
        }
    char msg[300];
    snprintf(msg, sizeof msg, "unknown method '%.200s'", method);
    rpc_error(s->out, id, RPC_METHOD_NOT_FOUND, msg);
}

static void notification(struct lsp_server *s, const char *method, const cJSON *params)
{
    if (!strcmp(method, "exit")) {
        s->exited = true;
        return;
    }
    if (!s->initialized || !cJSON_IsObject(params))
        return; /* notifications before initialize are dropped, as the protocol says */
    for (size_t i = 0; i < sizeof notifications / sizeof notifications[0]; i++)
        if (!strcmp(method, notifications[i].method))
            notifications[i].fn(s, params);
}

void lsp_handle(struct lsp_server *s, const char *body, size_t len)
{
    cJSON *msg = cJSON_ParseWithLength(body, len);
    if (!msg) {
        rpc_error(s->out, NULL, RPC_PARSE_ERROR, "the message is not JSON");
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(msg, "method");
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(msg, "params");
    bool has_id = id && (cJSON_IsNumber(id) || cJSON_IsString(id));
    if (!cJSON_IsObject(msg) || (id && !has_id && !cJSON_IsNull(id)) ||
        (method && !cJSON_IsString(method))) {
        rpc_error(s->out, has_id ? id : NULL, RPC_INVALID_REQUEST,
                  "a request has a string method and a number or string id");
    } else if (method && has_id) {
        request(s, id, method->valuestring, params);
    } else if (method) {
        notification(s, method->valuestring, params);
    } /* else: a response to a request of ours (we send none that need one) */
    cJSON_Delete(msg);
}

int lsp_serve(FILE *in, FILE *out)
{
    struct lsp_server *s = lsp_server_new(out);
    while (!s->exited) {
        char *body = NULL;
        size_t len = 0;
        enum rpc_read r = rpc_read_message(in, &body, &len);
        if (r == RPC_EOF)
            break;
        if (r == RPC_BAD_HEADER)
            rpc_error(out, NULL, RPC_PARSE_ERROR, "a message needs a Content-Length header");
        else if (r == RPC_TOO_BIG)
            rpc_error(out, NULL, RPC_INVALID_REQUEST, "the message is larger than 64 MiB");
        else
            lsp_handle(s, body, len);
        free(body);
    }
    int code = s->shutdown ? 0 : 1;
    lsp_server_free(s);
    return code;
}
