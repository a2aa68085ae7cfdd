/* libFuzzer entry point over the language server (lsp/): every input runs a
 * fresh server that was initialized and has a .dome document open. An
 * input starting with "Content-Length" is the raw byte stream (framing
 * included) read by lsp_serve; any other input is split at NUL bytes into
 * message bodies, each framed correctly, so the fuzzer reaches the JSON-RPC
 * dispatch and every handler (didChange texts, positions, ranges). A crash,
 * sanitizer report, leak or hang is a failure; answers go to /dev/null. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsp/lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define DOC "file:///nonexistent-fuzz/prog/main.dome"

static const char *const prologue[] = {
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"capabilities\":{}}}",
    "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{"
    "\"uri\":\"" DOC "\",\"version\":1,\"text\":\"queue q {}\\nworker w {\\n  main = "
    "\\\"a.js\\\"\\n  bindings { Q = queue.q }\\n}\\n\"}}}",
};

/* Appends one framed body to the stream buffer. */
static size_t put_framed(char *buf, size_t at, const char *body, size_t len)
{
    at += (size_t)sprintf(buf + at, "Content-Length: %zu\r\n\r\n", len);
    memcpy(buf + at, body, len);
    return at + len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char raw[] = "Content-Length";
    size_t cap = (size + 1) * 40 + 4096; /* a header of < 40 bytes per body */
    char *stream = malloc(cap);
    if (!stream)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < sizeof prologue / sizeof prologue[0]; i++)
        n = put_framed(stream, n, prologue[i], strlen(prologue[i]));
    if (size >= sizeof raw - 1 && !memcmp(data, raw, sizeof raw - 1)) {
        memcpy(stream + n, data, size);
        n += size;
    } else {
        for (size_t start = 0; start <= size;) { /* bodies separated by NUL */
            const uint8_t *nul = memchr(data + start, 0, size - start);
            size_t end = nul ? (size_t)(nul - data) : size;
            n = put_framed(stream, n, (const char *)data + start, end - start);
            start = end + 1;
        }
    }
    FILE *in = fmemopen(stream, n, "r");
    FILE *out = fopen("/dev/null", "w");
    if (in && out)
        lsp_serve(in, out);
    if (in)
        fclose(in);
    if (out)
        fclose(out);
    free(stream);
    return 0;
}
