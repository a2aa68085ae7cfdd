/* JSON-RPC framing: reads `Content-Length: N` headers up to the blank line,
 * then exactly N bytes; writes messages the same way. */
#include "lsp/rpc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "runtime/base/xalloc.h"

#define HEADER_MAX 1024

/* Reads one header line (without CR LF) into buf; false at end of input. A
 * line longer than buf is cut (and then fails to parse). */
static bool read_line(FILE *in, char *buf, size_t cap)
{
    size_t n = 0;
    int c;
    while ((c = getc(in)) != EOF && c != '\n')
        if (n + 1 < cap)
            buf[n++] = (char)c;
    if (c == EOF && n == 0)
        return false;
    if (n && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return true;
}

/* The value of a Content-Length header line, or -1. */
static long long content_length(const char *line)
{
    static const char name[] = "content-length:";
    if (strncasecmp(line, name, sizeof name - 1) != 0)
        return -2; /* another header: ignored */
    char *end;
    long long v = strtoll(line + sizeof name - 1, &end, 10);
    while (*end == ' ' || *end == '\t')
        end++;
    return *end || v < 0 ? -1 : v;
}

static void skip_bytes(FILE *in, long long n)
{
    while (n-- > 0 && getc(in) != EOF)
        ;
}

enum rpc_read rpc_read_message(FILE *in, char **body, size_t *len)
{
    char line[HEADER_MAX];
    long long length = -1;
    bool bad = false, any = false;
    for (;;) {
        if (!read_line(in, line, sizeof line))
            return RPC_EOF;
        if (!line[0] && any)
            break;
        if (!line[0])
            continue; /* stray blank lines between messages */
        any = true;
        long long v = content_length(line);
        if (v == -1)
            bad = true;
        else if (v >= 0)
            length = v;
    }
    if (bad || length < 0)
        return RPC_BAD_HEADER;
    if (length > (long long)RPC_MAX_BODY) {
        skip_bytes(in, length);
        return RPC_TOO_BIG;
    }
    char *buf = xmalloc((size_t)length + 1);
    size_t got = fread(buf, 1, (size_t)length, in);
    buf[got] = '\0';
    if (got < (size_t)length) {
        free(buf);
        return RPC_EOF;
    }
    *body = buf;
    *len = got;
    return RPC_OK;
}

void rpc_send(FILE *out, const cJSON *msg)
{
    char *text = cJSON_PrintUnformatted(msg);
    if (!text)
        return;
    fprintf(out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
    fflush(out);
    cJSON_free(text);
}

static cJSON *envelope(void)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "jsonrpc", "2.0");
    return m;
}

static void add_id(cJSON *m, const cJSON *id)
{
    cJSON_AddItemToObject(m, "id", id ? cJSON_Duplicate(id, true) : cJSON_CreateNull());
}

void rpc_result(FILE *out, const cJSON *id, cJSON *result)
{
    cJSON *m = envelope();
    add_id(m, id);
    cJSON_AddItemToObject(m, "result", result ? result : cJSON_CreateNull());
    rpc_send(out, m);
    cJSON_Delete(m);
}

void rpc_error(FILE *out, const cJSON *id, int code, const char *message)
{
    cJSON *m = envelope();
    add_id(m, id);
    cJSON *e = cJSON_AddObjectToObject(m, "error");
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", message);
    rpc_send(out, m);
    cJSON_Delete(m);
}

void rpc_notify(FILE *out, const char *method, cJSON *params)
{
    cJSON *m = envelope();
    cJSON_AddStringToObject(m, "method", method);
    cJSON_AddItemToObject(m, "params", params ? params : cJSON_CreateObject());
    rpc_send(out, m);
    cJSON_Delete(m);
}
