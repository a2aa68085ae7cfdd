/* JSON-RPC 2.0 framing over streams: Content-Length headers, then a body. */
#ifndef DOME_LSP_RPC_H
#define DOME_LSP_RPC_H

#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#define RPC_MAX_BODY (64u << 20) /* a larger message is skipped, not read */

enum rpc_read { RPC_OK, RPC_EOF, RPC_BAD_HEADER, RPC_TOO_BIG };

/* rpc_read_message reads one message; on RPC_OK *body is a malloc'd,
 * NUL-terminated body of *len bytes. RPC_BAD_HEADER and RPC_TOO_BIG have
 * consumed the bad message: the caller answers with an error and goes on. */
enum rpc_read rpc_read_message(FILE *in, char **body, size_t *len);

/* rpc_send writes msg (not freed) as one framed message and flushes. */
void rpc_send(FILE *out, const cJSON *msg);

/* rpc_result / rpc_error / rpc_notify build and send a response to id (a
 * borrowed copy is made; NULL id is JSON null), or a notification. They
 * take ownership of result / params. */
void rpc_result(FILE *out, const cJSON *id, cJSON *result);
void rpc_error(FILE *out, const cJSON *id, int code, const char *message);
void rpc_notify(FILE *out, const char *method, cJSON *params);

/* JSON-RPC and LSP error codes. */
#define RPC_PARSE_ERROR      -32700
#define RPC_INVALID_REQUEST  -32600
#define RPC_METHOD_NOT_FOUND -32601
#define RPC_INVALID_PARAMS   -32602
#define RPC_NOT_INITIALIZED  -32002
#define RPC_REQUEST_FAILED   -32803

#endif
