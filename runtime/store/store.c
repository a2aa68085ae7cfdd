/* Choosing a state backend, and what every backend shares: describing where
 * state lives without a password, the --lock-timeout value. */
#include "runtime/store/store.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

/* store_choose: see store.h. */
struct store *store_choose(const char *prog_dir, const char *project, const char *backend,
                           const char *env_url, char *err, size_t err_len)
{
    bool has_url = env_url && env_url[0];
    if (backend && strcmp(backend, "local") && strcmp(backend, "postgres")) {
        snprintf(err, err_len,
                 "unknown state backend '%s' in the project block\n  help: write backend = "
                 "\"local\" or backend = \"postgres\"",
                 backend);
        return NULL;
    }
    if (backend && !strcmp(backend, "postgres") && !has_url) {
        snprintf(err, err_len,
                 "the project keeps its state in PostgreSQL (backend = \"postgres\") but "
                 "DOME_BACKEND_URL is not set\n  help: export "
                 "DOME_BACKEND_URL=postgres://USER@HOST/DB (the password from PGPASSWORD or "
                 "~/.pgpass; see docs/team.md)");
        return NULL;
    }
    if (has_url && !(backend && !strcmp(backend, "local")))
        return store_postgres(prog_dir, project ? project : "", env_url);
    return store_local(prog_dir);
}

/* store_connect_begin: see store.h. */
void store_connect_begin(struct store *s)
{
    if (s && s->ops->connect_begin)
        s->ops->connect_begin(s);
}

/* store_free: see store.h. */
void store_free(struct store *s)
{
    if (!s)
        return;
    s->ops->free(s);
    free(s->prog_dir);
    free(s->dome);
    free(s->project);
    free(s->where);
    free(s);
}

/* store_where: see store.h. */
void store_where(const struct store *s, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", s->where ? s->where : s->dome);
}

/* store_state_name: see store.h. */
void store_state_name(const struct store *s, const char *stack, char *buf, size_t cap)
{
    if (!strcmp(s->ops->name, "local"))
        snprintf(buf, cap, "%s/%s.json", s->dome, stack);
    else
        snprintf(buf, cap, "the state of stack '%s' of project '%s' in %s", stack, s->project,
                 s->where);
}

/* redact_keywords: "host=h password=secret" -> "host=h password=***"
 * (libpq keyword form; a quoted value may hold spaces). */
static void redact_keywords(const char *in, char *buf, size_t cap)
{
    size_t n = 0;
    const char *p = in;
    while (*p && n + 1 < cap) {
        bool is_pw = !strncmp(p, "password", 8) && (p == in || isspace((unsigned char)p[-1]));
        const char *q = p + 8;
        while (is_pw && isspace((unsigned char)*q))
            q++;
        if (!is_pw || *q != '=') {
            buf[n++] = *p++;
            continue;
        }
        n += (size_t)snprintf(buf + n, cap - n, "password=***");
        for (q++; isspace((unsigned char)*q); q++) {
        }
        if (*q == '\'') { /* quoted: up to the closing quote, \' escaped */
            for (q++; *q && *q != '\''; q++)
                q += q[0] == '\\' && q[1];
            q += *q == '\'';
        } else {
            while (*q && !isspace((unsigned char)*q))
                q++;
        }
        p = q;
        if (n >= cap)
            n = cap - 1;
    }
    buf[n < cap ? n : cap - 1] = '\0';
}

/* redact_url: "postgres://u:pw@h/db?password=x" -> "postgres://u:***@h/db?password=***" */
static void redact_url(const char *in, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", in);
    char *auth = strstr(buf, "://");
    auth = auth ? auth + 3 : buf;
    char *at = strchr(auth, '@'), *slash = strchr(auth, '/');
    if (at && (!slash || at < slash)) {
        char *colon = memchr(auth, ':', (size_t)(at - auth));
        if (colon && strlen(buf) + 3 < cap) { /* user:password@ -> user:***@ */
            memmove(colon + 4, at, strlen(at) + 1);
            memcpy(colon + 1, "***", 3);
        }
    }
    for (char *q = strchr(buf, '?'); q; q = strchr(q + 1, '&')) {
        if (strncmp(q + 1, "password=", 9) != 0)
            continue;
        char *v = q + 10, *end = v + strcspn(v, "&");
        if (strlen(buf) + 3 < cap) {
            memmove(v + 3, end, strlen(end) + 1);
            memcpy(v, "***", 3);
        }
    }
}

/* store_redact: see store.h. */
void store_redact(const char *url, char *buf, size_t cap)
{
    if (!strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13))
        redact_url(url, buf, cap);
    else
        redact_keywords(url, buf, cap);
}

/* store_lock_timeout: see store.h. */
long store_lock_timeout(const char *text)
{
    char *end;
    long v = text ? strtol(text, &end, 10) : -1;
    if (!text || end == text || v < 0)
        return -1;
    long unit = !*end               ? 1
                : !strcmp(end, "s") ? 1
                : !strcmp(end, "m") ? 60
                : !strcmp(end, "h") ? 3600
                                    : 0;
    return unit && v <= 24 * 3600 ? v * unit : -1;
}
