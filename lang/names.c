/* Cloudflare's own rules: physical names per kind (pattern, length,
 * uniqueness), compatibility dates, cron expressions, worker entry files. */
#include <ctype.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lang/check.h"

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    *y = atoi(s);
    *m = atoi(s + 5);
    *d = atoi(s + 8);
    if (*m < 1 || *m > 12 || *d < 1)
        return false;
    return *d <= days[*m - 1] + (*m == 2 && leap(*y));
}

bool names_check_date(struct program *p, const struct sch_attr *a, const struct val *v)
{
    int y, m, d;
    if (!parse_date(v->s, &y, &m, &d)) {
        diag_error(p->diag, v->span, "write a real date as YYYY-MM-DD, e.g. \"2025-04-15\"",
                   "'%s' is not a valid %s", v->s, a->name);
        return false;
    }
    if (a->min_date && strcmp(v->s, a->min_date) < 0) {
        diag_error(p->diag, v->span, NULL, "%s must be %s or later, found %s", a->name, a->min_date,
                   v->s);
        return false;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char today[16];
    strftime(today, sizeof today, "%Y-%m-%d", &tm);
    if (strcmp(v->s, today) > 0) {
        diag_error(p->diag, v->span, "use today's date or an earlier one", "%s %s is in the future",
                   a->name, v->s);
        return false;
    }
    return true;
}

bool names_check_flag(struct program *p, const struct val *v)
{
    bool ok = v->s[0] != '\0';
    for (const char *q = v->s; *q; q++)
        ok = ok && (islower((unsigned char)*q) || isdigit((unsigned char)*q) || *q == '_');
    if (!ok)
        diag_error(p->diag, v->span, "flags are lowercase words such as \"nodejs_compat\"",
                   "'%s' is not a valid compatibility flag", v->s);
    return ok;
}

/* One cron field item: a star, star/N, A, A-B, A/N or A-B/N (numbers or names). */
static bool cron_item(const char *it, int lo, int hi)
{
    static const char *const names = "SUNMONTUEWEDTHUFRISATJANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
    char buf[64];
    snprintf(buf, sizeof buf, "%s", it);
    char *step = strchr(buf, '/');
    if (step) {
        *step++ = '\0';
        if (!*step || strspn(step, "0123456789") != strlen(step) || atoi(step) < 1)
            return false;
    }
    if (!strcmp(buf, "*"))
        return true;
    char *dash = strchr(buf, '-');
    if (dash)
        *dash++ = '\0';
    const char *parts[2] = {buf, dash};
    for (int i = 0; i < 2 && parts[i]; i++) {
        const char *s = parts[i];
        if (strlen(s) == 3 && isalpha((unsigned char)s[0])) {
            char up[4] = {(char)toupper((unsigned char)s[0]), (char)toupper((unsigned char)s[1]),
                          (char)toupper((unsigned char)s[2]), 0};
            if (!strstr(names, up))
                return false;
            continue;
        }
        if (!*s || strspn(s, "0123456789") != strlen(s) || atoi(s) < lo || atoi(s) > hi)
            return false;
    }
    return true;
}

static bool cron_field(char *f, int lo, int hi)
{
    for (char *save = NULL, *it = strtok_r(f, ",", &save); it; it = strtok_r(NULL, ",", &save))
        if (!cron_item(it, lo, hi))
            return false;
    return f[0] != ',' && f[strlen(f) - 1] != ',';
}

bool names_check_cron(struct program *p, const struct val *v)
{
    static const int lo[] = {0, 0, 1, 1, 0}, hi[] = {59, 23, 31, 12, 7};
    char buf[256];
    snprintf(buf, sizeof buf, "%s", v->s);
    int n = 0;
    bool ok = strlen(v->s) < sizeof buf - 1;
    for (char *save = NULL, *f = strtok_r(buf, " ", &save); f && ok;
         f = strtok_r(NULL, " ", &save), n++)
        ok = n < 5 && cron_field(f, lo[n], hi[n]);
    if (ok && n == 5)
        return true;
    diag_error(p->diag, v->span,
               "a cron has five fields: minute hour day-of-month month day-of-week, e.g. "
               "\"*/5 * * * *\"",
               "'%s' is not a valid cron expression", v->s);
    return false;
}

static const struct m_attr *attr(const struct m_res *r, const char *name)
{
    for (size_t i = 0; i < r->n_attrs; i++)
        if (!strcmp(r->attrs[i].name, name))
            return &r->attrs[i];
    return NULL;
}

enum main_file { MAIN_OK = 1, MAIN_MISSING, MAIN_OUTSIDE, MAIN_NOT_FILE };

/* inside: is real (a resolved path) dir_real itself or below it? */
static bool inside(const char *dir_real, const char *real)
{
    size_t n = strlen(dir_real);
    return !strncmp(real, dir_real, n) && (real[n] == '/' || n == 1);
}

/* main_file_state: a module must be a regular file inside the program
 * directory once symlinks are followed, so no program can upload
 * /proc/self/environ or a file next to it. One check per path. */
static enum main_file main_file_state(struct program *p, const char *path)
{
    const char *key = intern_str(p->names, path, strlen(path));
    uintptr_t known = (uintptr_t)ptrmap_get(&p->main_files, key);
    if (!known) {
        struct stat st;
        char *real = realpath(path, NULL), *dir_real = realpath(p->dir, NULL);
        known = !real || stat(real, &st) != 0          ? MAIN_MISSING
                : !dir_real || !inside(dir_real, real) ? MAIN_OUTSIDE
                : !S_ISREG(st.st_mode)                 ? MAIN_NOT_FILE
                                                       : MAIN_OK;
        free(real);
        free(dir_real);
        ptrmap_put(&p->main_files, key, (void *)known);
    }
    return (enum main_file)known;
}

static void check_main_file(struct program *p, const struct m_res *r, const struct m_attr *m,
                            const char *path)
{
    enum main_file f = p->check_files ? main_file_state(p, path) : MAIN_OK;
    if (f == MAIN_MISSING)
        diag_error(p->diag, m->v.span, "paths are relative to the program directory",
                   "worker '%s': main file '%s' not found", r->label, path);
    else if (f == MAIN_OUTSIDE)
        diag_error(p->diag, m->v.span,
                   "modules are uploaded from the program directory only (symlinks are "
                   "followed); copy or build the file into it",
                   "worker '%s': main file '%s' is outside the program directory", r->label, path);
    else if (f == MAIN_NOT_FILE)
        diag_error(p->diag, m->v.span, "main names the worker's entry module file",
                   "worker '%s': main '%s' is not a regular file", r->label, path);
}

/* needs_bundling: a TypeScript or JSX main, which Workers cannot run as is. */
static bool needs_bundling(const char *path)
{
    static const char *const exts[] = {".ts", ".tsx", ".mts", ".cts", ".jsx"};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t m = strlen(exts[i]);
        if (n >= m && strcmp(path + n - m, exts[i]) == 0)
            return true;
    }
    return false;
}

void check_worker_attrs(struct program *p, struct m_res *r)
{
    const struct m_attr *m = attr(r, "main");
    if (m && m->v.type == VAL_STRING && m->v.known) {
        const char *path =
            m->v.s[0] == '/' ? m->v.s : arena_printf(p->arena, "%s/%s", p->dir, m->v.s);
        check_main_file(p, r, m, path);
        r->main_path = path;
        const struct m_attr *b = attr(r, "bundle");
        if (b && b->v.type == VAL_BOOL && b->v.known && !b->v.b && needs_bundling(path))
            diag_error(p->diag, b->v.span,
                       "Workers run JavaScript: remove `bundle = false` so esbuild compiles it, "
                       "or point main at the built .js file",
                       "worker '%s': main '%s' is TypeScript or JSX, which needs bundling",
                       r->label, m->v.s);
    }
    const struct m_attr *c = attr(r, "crons");
    if (c && c->v.type == VAL_LIST && c->v.known) {
        r->crons = arena_alloc(p->arena, (c->v.n + 1) * sizeof *r->crons);
        for (size_t i = 0; i < c->v.n; i++)
            r->crons[r->n_crons++] = c->v.items[i].s;
    }
}

static bool valid_name(struct program *p, const struct m_res *r, regex_t *re)
{
    const struct sch_kind *k = &p->schema->kinds[r->kind];
    size_t len = strlen(r->name);
    bool ok = regexec(re, r->name, 0, NULL, 0) == 0;
    if (ok && (int64_t)len >= k->name_min && (int64_t)len <= k->name_max)
        return true;
    const char *why =
        !ok ? arena_printf(p->arena, "%s names must match %s", k->name, k->name_pattern)
            : arena_printf(p->arena, "%s names are %lld to %lld characters long, this one is %zu",
                           k->name, (long long)k->name_min, (long long)k->name_max, len);
    diag_error(p->diag, r->name_span, why, "invalid %s name '%s' for %s", k->name, r->name,
               res_display(p, r));
    return false;
}

void check_names(struct program *p)
{
    regex_t re[IR_N_KINDS];
    struct ptrmap seen[IR_N_KINDS];
    for (int k = 0; k < IR_N_KINDS; k++) {
        regcomp(&re[k], p->schema->kinds[k].name_pattern, REG_EXTENDED | REG_NOSUB);
        ptrmap_init(&seen[k], p->arena);
    }
    for (size_t i = 0; i < p->n_res; i++) {
        struct m_res *r = p->res[i];
        if (r->is_reference) /* a name or an id, made elsewhere: Cloudflare's to check */
            continue;
        if (!eval_name(p, r) || !valid_name(p, r, &re[r->kind]))
            continue;
        const char *key = intern_str(p->names, r->name, strlen(r->name));
        struct m_res *old = ptrmap_get(&seen[r->kind], key);
        if (old) {
            diag_error(p->diag, r->name_span, "override it with `name = \"...\"`",
                       "%s and %s both get the physical name '%s' (stack '%s')",
                       res_display(p, old), res_display(p, r), r->name, p->stack);
            diag_note(p->diag, old->name_span, "%s is named here", res_display(p, old));
        }
        ptrmap_put(&seen[r->kind], key, r);
    }
    for (int k = 0; k < IR_N_KINDS; k++)
        regfree(&re[k]);
}
