/* cfemu: every static import of an uploaded ES module must resolve, as
 * workerd checks when it loads a new version: to another uploaded module
 * (relative specifiers against the importer's name, others against the
 * root) or to a runtime builtin (cloudflare:*, and node:* when the
 * compatibility flags turn Node.js compatibility on). Otherwise the upload
 * fails with Cloudflare's error, code 10021:
 *   Uncaught Error: No such module "lib/x.js".
 *     imported from "index.js"
 * Dynamic import() and require() are resolved when they run, not here.
 * This scanner is cfemu's own reading of JavaScript's import syntax. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

struct js_src {
    const char *p, *end;
};

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* skip_space_comments moves past blanks and comments. */
static void skip_space_comments(struct js_src *s)
{
    while (s->p < s->end) {
        if (isspace((unsigned char)*s->p))
            s->p++;
        else if (s->p + 1 < s->end && s->p[0] == '/' && s->p[1] == '/')
            while (s->p < s->end && *s->p != '\n')
                s->p++;
        else if (s->p + 1 < s->end && s->p[0] == '/' && s->p[1] == '*') {
            const char *close = NULL;
            for (const char *q = s->p + 2; q + 1 < s->end && !close; q++)
                if (q[0] == '*' && q[1] == '/')
                    close = q + 2;
            s->p = close ? close : s->end;
        } else
            return;
    }
}

/* skip_literal moves past a quoted string or template at s->p. */
static void skip_literal(struct js_src *s)
{
    char q = *s->p++;
    while (s->p < s->end && *s->p != q) {
        if (*s->p == '\\')
            s->p++;
        else if (*s->p == '\n' && q != '`')
            break;
        s->p++;
    }
    if (s->p < s->end)
        s->p++;
}

/* string_at: when s->p is at a quoted string, copies its text into out
 * and moves past it. */
static bool string_at(struct js_src *s, char *out, size_t len)
{
    skip_space_comments(s);
    if (s->p >= s->end || (*s->p != '"' && *s->p != '\''))
        return false;
    const char *start = s->p + 1;
    skip_literal(s);
    size_t n = (size_t)(s->p - start) - 1;
    snprintf(out, len, "%.*s", (int)n, start);
    return true;
}

static bool keyword_at(const struct js_src *s, const char *kw)
{
    size_t n = strlen(kw);
    return (size_t)(s->end - s->p) >= n && strncmp(s->p, kw, n) == 0 &&
           (s->p + n == s->end || !word_char(s->p[n]));
}

/* static_spec: at `import` or `export`, the specifier of a static import
 * or re-export statement (false for import(), import.meta, local exports). */
static bool static_spec(struct js_src *s, bool is_import, char *out, size_t len)
{
    s->p += 6; /* "import" or "export" */
    skip_space_comments(s);
    if (s->p >= s->end || *s->p == '(' || *s->p == '.')
        return false;
    if (is_import && string_at(s, out, len))
        return true;
    if (!is_import && *s->p != '{' && *s->p != '*')
        return false;
    /* a clause, then `from "spec"`, before the statement ends */
    while (s->p < s->end && *s->p != ';') {
        skip_space_comments(s);
        if (s->p < s->end && (*s->p == '"' || *s->p == '\'' || *s->p == '`')) {
            skip_literal(s);
        } else if (keyword_at(s, "from")) {
            s->p += 4;
            return string_at(s, out, len);
        } else if (s->p < s->end) {
            s->p++;
        }
    }
    return false;
}

/* resolve: the module name spec names from importer (workerd: like a URL
 * path under the bundle root); false when it climbs above the root. */
static bool resolve(const char *importer, const char *spec, char *out, size_t len)
{
    char buf[2200];
    const char *slash = strrchr(importer, '/');
    if (spec[0] == '.' && (spec[1] == '/' || (spec[1] == '.' && spec[2] == '/')))
        snprintf(buf, sizeof buf, "%.*s%s%.1024s", slash ? (int)(slash - importer) % 1024 : 0,
                 importer, slash ? "/" : "", spec);
    else
        snprintf(buf, sizeof buf, "%.1024s", spec[0] == '/' ? spec + 1 : spec);
    char *segs[128];
    int n = 0;
    for (char *t = strtok(buf, "/"); t && n < 128; t = strtok(NULL, "/")) {
        if (strcmp(t, ".") == 0)
            continue;
        if (strcmp(t, "..") == 0) {
            if (n == 0)
                return false;
            n--;
            continue;
        }
        segs[n++] = t;
    }
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), len - strlen(out), "%s%s", i ? "/" : "", segs[i]);
    return true;
}

static bool has_flag(const cJSON *meta, const char *flag)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(meta, "compatibility_flags"))
    {
        if (cJSON_IsString(f) && strcmp(f->valuestring, flag) == 0)
            return true;
    }
    return false;
}

static bool is_builtin(const cJSON *meta, const char *spec)
{
    if (strncmp(spec, "cloudflare:", 11) == 0)
        return true;
    if (strncmp(spec, "node:", 5) != 0)
        return false;
    return has_flag(meta, "nodejs_compat") || has_flag(meta, "nodejs_compat_v2") ||
           (has_flag(meta, "nodejs_als") && strcmp(spec, "node:async_hooks") == 0);
}

/* regex_start: a '/' at s->p opens a regular expression literal (it
 * follows an operator or an opening bracket, not a value). */
static bool regex_start(const struct js_src *s, const char *code)
{
    const char *q = s->p;
    while (q > code && isspace((unsigned char)q[-1]))
        q--;
    return q == code || strchr("(,=:[!&|?{};+-*%<>~^", q[-1]) != NULL;
}

static void skip_regex(struct js_src *s)
{
    bool in_class = false;
    for (s->p++; s->p < s->end && *s->p != '\n'; s->p++) {
        if (*s->p == '\\')
            s->p++;
        else if (*s->p == '[')
            in_class = true;
        else if (*s->p == ']')
            in_class = false;
        else if (*s->p == '/' && !in_class) {
            s->p++;
            return;
        }
    }
}

/* check_module: 0 when every static import of module m resolves. */
static int check_module(const cJSON *meta, const cJSON *mods, const cJSON *m, struct resp *rs)
{
    size_t n = 0;
    char *code = b64_decode(jstr(m, "b64"), &n), spec[1024], name[1024];
    struct js_src s = {code ? code : "", code ? code + n : ""};
    int rc = 0;
    while (rc == 0 && s.p < s.end) {
        skip_space_comments(&s);
        if (s.p >= s.end)
            break;
        char c = *s.p;
        bool at_word = s.p == code || !(word_char(s.p[-1]) || s.p[-1] == '.');
        if (c == '"' || c == '\'' || c == '`') {
            skip_literal(&s);
        } else if (c == '/' && regex_start(&s, code)) {
            skip_regex(&s);
        } else if (at_word && (keyword_at(&s, "import") || keyword_at(&s, "export"))) {
            bool imp = keyword_at(&s, "import");
            if (static_spec(&s, imp, spec, sizeof spec) && !is_builtin(meta, spec) &&
                (!resolve(jstr(m, "name"), spec, name, sizeof name) ||
                 !store_find((cJSON *)mods, "name", name))) {
                env_err(rs, 400, 10021,
                        "Uncaught Error: No such module \"%s\".\n  imported from \"%s\"", spec,
                        jstr(m, "name"));
                rc = -1;
            }
        } else {
            s.p++;
        }
    }
    free(code);
    return rc;
}

/* ws_check_imports: see emu.h. */
int ws_check_imports(const cJSON *meta, const cJSON *mods, struct resp *rs)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, mods)
    {
        const char *ct = jstr(m, "content_type");
        if (ct && strcmp(ct, "application/javascript+module") == 0 &&
            check_module(meta, mods, m, rs) != 0)
            return -1;
    }
    return 0;
}
