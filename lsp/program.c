/* Which program a file belongs to, and checking that program from the
 * editor's buffers (open documents win over the files on disk). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lsp/server.h"
#include "runtime/base/xalloc.h"

static bool has_suffix(const char *s, const char *suffix)
{
    size_t l = strlen(s), k = strlen(suffix);
    return l >= k && !strcmp(s + l - k, suffix);
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    return slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *program_of(const char *path, char **stack)
{
    char *dir = dir_of(path);
    *stack = NULL;
    const char *file = base_of(path);
    if (strcmp(base_of(dir), "stacks") != 0 || !has_suffix(file, ".dome"))
        return dir;
    char *name = xstrndup(file, strlen(file) - 5);
    if (!lang_stack_name_ok(name)) {
        free(name);
        return dir;
    }
    *stack = name;
    char *prog = dir_of(dir);
    free(dir);
    return prog;
}

/* Appends path to a NULL-terminated malloc'd list unless it is there. */
static char **list_add(char **list, size_t *n, const char *path)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(list[i], path))
            return list;
    list = xreallocarray(list, *n + 2, sizeof *list);
    list[(*n)++] = xstrdup(path);
    list[*n] = NULL;
    return list;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of dir ending in .dome, on disk and open, as sorted full paths;
 * names (when not NULL) collects the file names without .dome instead. */
static char **files_in(struct lsp_server *s, const char *dir, bool names)
{
    size_t n = 0;
    char **list = xcalloc(1, sizeof *list);
    char **disk = lang_program_files(dir);
    for (size_t i = 0; disk && disk[i]; i++)
        list = list_add(list, &n, disk[i]);
    lang_free_list(disk);
    for (size_t i = 0; i < s->n_docs; i++) {
        char *d = dir_of(s->docs[i].path);
        if (!strcmp(d, dir) && has_suffix(s->docs[i].path, ".dome"))
            list = list_add(list, &n, s->docs[i].path);
        free(d);
    }
    qsort(list, n, sizeof *list, cmp_str);
    for (size_t i = 0; names && i < n; i++) {
        char *b = xstrndup(base_of(list[i]), strlen(base_of(list[i])) - 5);
        free(list[i]);
        list[i] = b;
    }
    return list;
}

char **program_files(struct lsp_server *s, const char *dir)
{
    return files_in(s, dir, false);
}

char **program_stacks(struct lsp_server *s, const char *dir)
{
    char *stacks = xasprintf("%s/stacks", dir);
    char **list = files_in(s, stacks, true);
    free(stacks);
    size_t k = 0;
    for (size_t i = 0; list[i]; i++) {
        if (lang_stack_name_ok(list[i]))
            list[k++] = list[i];
        else
            free(list[i]);
    }
    list[k] = NULL;
    return list;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 8192, n = 0, got;
    char *buf = xmalloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0)
        if ((n += got) + 1 == cap)
            buf = xrealloc(buf, cap *= 2);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

const char *program_text(struct lsp_server *s, const char *path, size_t *len, char **owned)
{
    *owned = NULL;
    struct lsp_doc *d = doc_by_path(s, path);
    if (d) {
        *len = d->len;
        return d->text;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return NULL;
    return *owned = slurp(path, len);
}

struct lang_unit *program_check(struct lsp_server *s, const char *dir, const char *stack,
                                diag_sink_fn *sink, void *ctx)
{
    char **paths = program_files(s, dir);
    size_t n = 0;
    while (paths[n])
        n++;
    struct lang_buffer *bufs = xcalloc(n + 1, sizeof *bufs);
    char **owned = xcalloc(n + 2, sizeof *owned);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) { /* a file deleted under us is left out */
        const char *text = program_text(s, paths[i], &bufs[k].len, &owned[i]);
        if (text) {
            bufs[k].path = paths[i];
            bufs[k++].text = text;
        }
    }
    struct lang_buffer stack_buf = {0};
    char *stack_path = stack ? xasprintf("%s/stacks/%s.dome", dir, stack) : NULL;
    if (stack_path) {
        stack_buf.path = stack_path;
        stack_buf.text = program_text(s, stack_path, &stack_buf.len, &owned[n]);
    }
    struct lang_buffer_options opt = {dir,  bufs, k, stack, stack_buf.text ? &stack_buf : NULL,
                                      sink, ctx};
    int n_errors;
    struct lang_unit *u = lang_load_buffers(&opt, &n_errors);
    for (size_t i = 0; i < n + 1; i++)
        free(owned[i]);
    free(owned);
    free(bufs);
    free(stack_path);
    lang_free_list(paths);
    return u;
}

static bool same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

struct lang_unit *program_unit(struct lsp_server *s, const char *dir, const char *stack)
{
    for (size_t i = 0; i < s->n_units; i++)
        if (!strcmp(s->units[i].dir, dir) && same(s->units[i].stack, stack))
            return s->units[i].unit;
    if (s->n_units == s->cap_units)
        s->units = xreallocarray(s->units, s->cap_units = s->cap_units * 2 + 4, sizeof *s->units);
    struct lsp_unit *e = &s->units[s->n_units++];
    e->dir = xstrdup(dir);
    e->stack = stack ? xstrdup(stack) : NULL;
    e->unit = program_check(s, dir, stack, NULL, NULL);
    return e->unit;
}

void program_forget(struct lsp_server *s, const char *dir)
{
    for (size_t i = 0; i < s->n_units;) {
        struct lsp_unit *e = &s->units[i];
        if (strcmp(e->dir, dir) != 0) {
            i++;
            continue;
        }
        lang_unit_free(e->unit);
        free(e->dir);
        free(e->stack);
        *e = s->units[--s->n_units];
    }
}
