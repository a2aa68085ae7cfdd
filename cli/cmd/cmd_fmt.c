/* domec fmt [--check] [PATH...]: rewrite .dome files in canonical style, or
 * with --check list the files that are not formatted (exit 1). PATH is a
 * file or a directory (its .dome files and those in its stacks/ directory). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "lang/fmt.h"
#include "lang/lang.h"
#include "runtime/base/xalloc.h"

/* read all of f into a NUL-terminated malloc'd buffer; NULL when out of memory. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 4096, n = 0, got;
    char *buf = xmalloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *nb = xrealloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* the whole file at path, or NULL when it cannot be opened or read. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = read_all(f, len);
    fclose(f);
    return buf;
}

static int write_atomic(const char *path, const char *text)
{
    size_t n = strlen(path) + 8;
    char *tmp = xmalloc(n);
    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.fmt~", path);
    FILE *f = fopen(tmp, "wb");
    int rc = -1;
    if (f) {
        bool ok = fputs(text, f) >= 0;
        ok = fclose(f) == 0 && ok;
        rc = ok ? rename(tmp, path) : -1;
        if (rc != 0)
            remove(tmp);
    }
    free(tmp);
    return rc;
}

/* Formats one file: EXIT_OK formatted/unchanged, EXIT_CHANGES needs
 * formatting (--check), EXIT_PROGRAM syntax errors, EXIT_ENV I/O error. */
static int fmt_file(const char *path, bool check)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "domec: cannot read '%s'\n", path);
        return 2;
    }
    char *out = fmt_source(path, text, len, stderr);
    int rc = out ? EXIT_OK : EXIT_PROGRAM;
    if (out && strcmp(out, text) != 0) {
        if (check) {
            printf("%s\n", path);
            rc = EXIT_CHANGES;
        } else if (write_atomic(path, out) != 0) {
            fprintf(stderr, "domec: cannot write '%s'\n", path);
            rc = 2;
        }
    }
    free(out);
    free(text);
    return rc;
}

static int fmt_dir(const char *dir, bool check)
{
    int worst = 0;
    char **files = lang_program_files(dir);
    if (!files) {
        fprintf(stderr, "domec: cannot read directory '%s'\n", dir);
        return 2;
    }
    for (size_t i = 0; files[i]; i++) {
        worst = exit_worst(worst, fmt_file(files[i], check));
    }
    lang_free_list(files);
    size_t n = strlen(dir) + 8;
    char *stacks = xmalloc(n);
    struct stat st;
    if (stacks) {
        snprintf(stacks, n, "%s/stacks", dir);
        if (stat(stacks, &st) == 0 && S_ISDIR(st.st_mode)) {
            worst = exit_worst(worst, fmt_dir(stacks, check));
        }
    }
    free(stacks);
    return worst;
}

/* `domec fmt -`: formats standard input to standard output (for editors). */
static int fmt_stdin(void)
{
    size_t n;
    char *buf = read_all(stdin, &n);
    if (!buf) {
        fputs("domec: out of memory\n", stderr);
        return 2;
    }
    char *out = fmt_source("<stdin>", buf, n, stderr);
    if (out)
        fputs(out, stdout);
    free(out);
    free(buf);
    return out ? EXIT_OK : EXIT_PROGRAM;
}

/* cmd_fmt implements `domec fmt`; returns the exit code. */
int cmd_fmt(struct opts *o)
{
    int worst = 0;
    for (int i = 0; i < o->n_pos; i++)
        if (!strcmp(o->pos[i], "-"))
            return fmt_stdin();
    for (int i = 0; i < o->n_pos; i++) {
        struct stat st;
        int rc = stat(o->pos[i], &st) != 0
                     ? (fprintf(stderr, "domec: cannot open '%s'\n", o->pos[i]), 2)
                 : S_ISDIR(st.st_mode) ? fmt_dir(o->pos[i], o->check)
                                       : fmt_file(o->pos[i], o->check);
        worst = exit_worst(worst, rc);
    }
    if (o->n_pos == 0)
        worst = fmt_dir(".", o->check);
    return worst;
}
