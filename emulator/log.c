/* cfemu: the request log (--log FILE), one JSON object per line: time,
 * method, path, query, status, duration. Headers (and so the token) are
 * never written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "emulator/emu.h"

/* log_open: opens --log for appending; 0, or -1 after printing why. */
int log_open(struct emu *e)
{
    if (!e->o.log_path)
        return 0;
    e->log = fopen(e->o.log_path, "a");
    if (!e->log) {
        fprintf(stderr, "cfemu: cannot open --log file '%s'\n", e->o.log_path);
        return -1;
    }
    return 0;
}

/* log_close: closes the log (safe when none is open). */
void log_close(struct emu *e)
{
    if (e->log)
        fclose(e->log);
    e->log = NULL;
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    cJSON *q = cls;
    (void)kind;
    cJSON_AddItemToArray(q, cJSON_CreateString(key));
    cJSON_AddItemToArray(q, value ? cJSON_CreateString(value) : cJSON_CreateNull());
    return MHD_YES;
}

static char *query_string(struct req *rq)
{
    cJSON *pairs = cJSON_CreateArray();
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, add_arg, pairs);
    size_t cap = 1, n = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, pairs) cap += (it->valuestring ? strlen(it->valuestring) : 0) + 1;
    char *out = malloc(cap);
    int i = 0;
    if (out) {
        out[0] = '\0';
        cJSON_ArrayForEach(it, pairs)
        {
            const char *s = it->valuestring;
            if (i % 2 == 0 && i > 0)
                out[n++] = '&';
            else if (i % 2 == 1 && s)
                out[n++] = '=';
            if (s) {
                memcpy(out + n, s, strlen(s));
                n += strlen(s);
            }
            i++;
        }
        out[n] = '\0';
    }
    cJSON_Delete(pairs);
    return out;
}

/* log_request: appends one line for a finished request (call with e->mu
 * held). status 0 with dropped=true means the connection was reset. */
void log_request(struct emu *e, struct req *rq, int status, double ms, bool dropped)
{
    if (!e->log)
        return;
    char ts[40];
    store_now(ts);
    cJSON *o = cJSON_CreateObject();
    char *path = strdup(rq->url);
    char *q = query_string(rq);
    cJSON_AddStringToObject(o, "time", ts);
    cJSON_AddStringToObject(o, "method", rq->method);
    cJSON_AddStringToObject(o, "path", path ? path : "");
    cJSON_AddStringToObject(o, "query", q ? q : "");
    cJSON_AddNumberToObject(o, "status", status);
    cJSON_AddNumberToObject(o, "duration_ms", (double)(long)(ms * 1000) / 1000);
    if (dropped)
        cJSON_AddBoolToObject(o, "dropped", true);
    if (rq->token_index >= 0)
        cJSON_AddNumberToObject(o, "token_index", rq->token_index);
    char *line = cJSON_PrintUnformatted(o);
    if (line) {
        fprintf(e->log, "%s\n", line);
        fflush(e->log);
    }
    free(line);
    free(q);
    free(path);
    cJSON_Delete(o);
}
