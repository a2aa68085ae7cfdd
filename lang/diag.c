/* Prints diagnostics in the STYLE.md format: GNU location prefix, the
 * source line, carets under the span, an optional help line. */
#include "lang/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define C_RESET "\033[0m"
#define C_BOLD  "\033[1m"
#define C_BLUE  "\033[1;34m"

static const char *const sev_name[] = {"error", "warning", "note"};
static const char *const sev_color[] = {"\033[1;31m", "\033[1;35m", "\033[1;36m"};

void diag_init(struct diag *d, FILE *out, bool color, const struct src_table *src)
{
    memset(d, 0, sizeof *d);
    d->out = out;
    d->color = color;
    d->src = src;
}

void diag_set_sink(struct diag *d, diag_sink_fn *fn, void *ctx)
{
    d->sink = fn;
    d->sink_ctx = ctx;
}

static const char *col(const struct diag *d, const char *c)
{
    return d->color ? c : "";
}

/* The bytes of one column at s (n > 0 left): a UTF-8 character, or one
 * byte that is not valid UTF-8. */
static size_t column_bytes(const char *s, size_t n)
{
    size_t k = src_char_len(s, n);
    return k ? k : 1;
}

/* Echoes a source line up to any NUL byte, a byte that is not valid UTF-8
 * as U+FFFD: one column shown per column counted, and valid UTF-8 output. */
static void put_source_text(FILE *out, const char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    if (nul)
        len = (size_t)(nul - text);
    for (size_t i = 0; i < len; i += column_bytes(text + i, len - i)) {
        size_t k = src_char_len(text + i, len - i);
        fputs(k ? "" : "\xEF\xBF\xBD", out);
        fwrite(text + i, 1, k, out);
    }
}

static void print_caret_line(struct diag *d, const char *color, const char *line, size_t len,
                             size_t s, size_t e)
{
    fprintf(d->out, "%s      |%s ", col(d, C_BLUE), col(d, C_RESET));
    for (size_t i = 0; i < s && i < len; i += column_bytes(line + i, len - i))
        fputc(line[i] == '\t' ? '\t' : ' ', d->out);
    fputs(col(d, color), d->out);
    size_t n = 0;
    for (size_t i = s; i < e && i < len; i += column_bytes(line + i, len - i))
        n++;
    if (n == 0)
        n = 1;
    while (n--)
        fputc('^', d->out);
    fprintf(d->out, "%s\n", col(d, C_RESET));
}

static void print_source(struct diag *d, enum diag_severity sev, const struct src_file *f,
                         struct dome_span sp, unsigned line)
{
    size_t len;
    uint32_t start = src_line(f, line, &len);
    const char *text = f->text + start;
    fprintf(d->out, "%s%5u |%s ", col(d, C_BLUE), line, col(d, C_RESET));
    put_source_text(d->out, text, len);
    fputc('\n', d->out);
    size_t s = sp.start > start ? sp.start - start : 0; /* a span may start in a BOM */
    size_t e = sp.end > start + len ? len : sp.end > start ? sp.end - start : 0;
    print_caret_line(d, sev_color[sev], text, len, s, e < s ? s : e);
}

static bool accept(struct diag *d, enum diag_severity sev, struct dome_span span)
{
    if (sev != DIAG_ERROR)
        return !d->dropped;
    bool same = d->has_last && d->last.file == span.file && d->last.start == span.start &&
                span.file != UINT32_MAX;
    d->dropped = same || d->n_errors >= DIAG_MAX_ERRORS;
    return !d->dropped;
}

void diag_emit(struct diag *d, enum diag_severity sev, struct dome_span span, const char *msg,
               const char *help)
{
    if (!accept(d, sev, span))
        return;
    if (d->sink)
        d->sink(d->sink_ctx, sev, span, msg, help);
    if (!d->out || d->sink) { /* counting only */
        d->n_errors += sev == DIAG_ERROR;
        d->n_warnings += sev == DIAG_WARNING;
        d->has_last = sev == DIAG_ERROR || d->has_last;
        d->last = sev == DIAG_ERROR ? span : d->last;
        return;
    }
    const struct src_file *f = span.file < d->src->n ? &d->src->files[span.file] : NULL;
    unsigned line = 0, column = 0;
    if (f) {
        src_line_col(f, span.start, &line, &column);
        fprintf(d->out, "%s%s:%u:%u:%s ", col(d, C_BOLD), f->path, line, column, col(d, C_RESET));
    } else {
        fprintf(d->out, "%sdomec:%s ", col(d, C_BOLD), col(d, C_RESET));
    }
    fprintf(d->out, "%s%s:%s %s\n", col(d, sev_color[sev]), sev_name[sev], col(d, C_RESET), msg);
    if (f)
        print_source(d, sev, f, span, line);
    if (help)
        fprintf(d->out, "%s      =%s help: %s\n", col(d, C_BLUE), col(d, C_RESET), help);
    if (sev == DIAG_ERROR) {
        d->n_errors++;
        d->has_last = true;
        d->last = span;
        if (d->n_errors == DIAG_MAX_ERRORS)
            fprintf(d->out, "domec: too many errors, stopping after %d\n", DIAG_MAX_ERRORS);
    } else if (sev == DIAG_WARNING) {
        d->n_warnings++;
    }
}

static void vemit(struct diag *d, enum diag_severity sev, struct dome_span span, const char *help,
                  const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    diag_emit(d, sev, span, buf, help);
}

void diag_error(struct diag *d, struct dome_span span, const char *help, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vemit(d, DIAG_ERROR, span, help, fmt, ap);
    va_end(ap);
}

void diag_note(struct diag *d, struct dome_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vemit(d, DIAG_NOTE, span, NULL, fmt, ap);
    va_end(ap);
}

void diag_summary(const struct diag *d)
{
    if (d->n_errors && d->out)
        fprintf(d->out, "domec: %d error%s\n", d->n_errors, d->n_errors == 1 ? "" : "s");
}

/* The optimal-string-alignment distance: insertions, deletions,
 * substitutions and swaps of two neighbours (ia for ai) cost 1 each. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *diag_suggest(const char *name, const char *const *cands, size_t n)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < n; i++) {
        size_t dist = edit_distance(name, cands[i]);
        if (dist < best_d && dist < strlen(name)) {
            best = cands[i];
            best_d = dist;
        }
    }
    return best;
}
