/* Source files and line tables. Reads whole files once; computes line and
 * column only when a diagnostic needs them. */
#include "lang/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void src_init(struct src_table *t, struct arena *arena)
{
    memset(t, 0, sizeof *t);
    t->arena = arena;
}

static void build_lines(struct arena *a, struct src_file *f)
{
    size_t n = 1;
    for (size_t i = 0; i < f->len; i++)
        n += f->text[i] == '\n';
    f->lines = arena_alloc(a, n * sizeof *f->lines);
    f->n_lines = 0;
    f->lines[f->n_lines++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->lines[f->n_lines++] = (uint32_t)(i + 1);
}

uint32_t src_add(struct src_table *t, const char *path, const char *text, size_t len)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 8;
        t->files = arena_grow(t->arena, t->files, t->n, cap, sizeof *t->files);
        t->cap = cap;
    }
    struct src_file *f = &t->files[t->n];
    f->path = arena_strdup(t->arena, path);
    f->text = arena_strndup(t->arena, text, len);
    f->len = len;
    build_lines(t->arena, f);
    return (uint32_t)t->n++;
}

int64_t src_read(struct src_table *t, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += got;
        if (len == cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                free(buf);
            buf = nb;
        }
    }
    int err = ferror(fp) ? EIO : 0;
    fclose(fp);
    if (!buf || err || len > UINT32_MAX / 2) {
        free(buf);
        errno = buf && len > UINT32_MAX / 2 ? EFBIG : (err ? err : ENOMEM);
        return -1;
    }
    uint32_t idx = src_add(t, path, buf, len);
    free(buf);
    return idx;
}

size_t src_char_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80)
        return 1;
    if (u[0] < 0xC2 || u[0] > 0xF4) /* C0 C1: overlong; F5..FF: past U+10FFFF */
        return 0;
    size_t len = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
    /* the second byte's range rules out the other overlong forms, the
     * surrogates (ED A0..BF) and code points past U+10FFFF */
    unsigned lo = u[0] == 0xE0 ? 0xA0 : u[0] == 0xF0 ? 0x90 : 0x80;
    unsigned hi = u[0] == 0xED ? 0x9F : u[0] == 0xF4 ? 0x8F : 0xBF;
    if (n < len || u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((u[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Where line i (0-based) starts for display: line 1 starts after a UTF-8
 * byte-order mark, which the scanner skips, so it takes no column. */
static uint32_t display_start(const struct src_file *f, size_t i)
{
    if (i == 0 && f->len >= 3 && memcmp(f->text, "\xEF\xBB\xBF", 3) == 0)
        return 3;
    return f->lines[i];
}

void src_line_col(const struct src_file *f, uint32_t off, unsigned *line, unsigned *col)
{
    size_t lo = 0, hi = f->n_lines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (f->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = (unsigned)lo + 1;
    unsigned c = 1;
    for (uint32_t i = display_start(f, lo); i < off && i < f->len; c++) {
        size_t n = src_char_len(f->text + i, f->len - i);
        i += n ? (uint32_t)n : 1;
    }
    *col = c;
}

uint32_t src_line(const struct src_file *f, unsigned line, size_t *len)
{
    uint32_t start = display_start(f, line - 1);
    uint32_t end = start;
    while (end < f->len && f->text[end] != '\n')
        end++;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return start;
}
