/* Prints a parsed .dome file in canonical style, interleaving the comments
 * the scanner recorded (stack-file edits are in stackfile.c). Works on a
 * private arena; returns malloc'd text. */
#include "lang/fmt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

struct printer {
    const char *text; /* source */
    const struct dome_span *comments;
    size_t n_comments, next; /* next comment not yet printed */
    uint32_t last_end;       /* source offset of the last thing printed */
    char *buf;               /* output (malloc) */
    size_t len, cap;
};

static void put(struct printer *p, const char *s, size_t n)
{
    if (p->len + n + 1 > p->cap) {
        size_t cap = (p->len + n + 1) * 2;
        char *nb = realloc(p->buf, cap);
        if (!nb) {
            fputs("domec: out of memory\n", stderr);
            abort();
        }
        p->buf = nb;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    p->buf[p->len] = '\0';
}

static void puts_(struct printer *p, const char *s)
{
    put(p, s, strlen(s));
}

static void indent(struct printer *p, int level)
{
    for (int i = 0; i < level; i++)
        puts_(p, "  ");
}

static size_t newlines(const struct printer *p, uint32_t from, uint32_t to)
{
    size_t n = 0;
    for (uint32_t i = from; i < to; i++)
        n += p->text[i] == '\n';
    return n;
}

/* Is there an unprinted comment inside sp? (comments are sorted: bisect) */
static bool has_comment_in(const struct printer *p, struct dome_span sp)
{
    size_t lo = p->next, hi = p->n_comments;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->comments[mid].start < sp.start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_comments && p->comments[lo].start < sp.end;
}

/* Is node printed over several lines? Containers written over several lines
 * (or holding comments) are. */
static bool multiline(const struct printer *p, const struct ast_node *n)
{
    if (n->kind != AST_LIST && n->kind != AST_MAP && n->kind != AST_BLOCK)
        return false;
    if (n->items.n == 0)
        return has_comment_in(p, n->span);
    return newlines(p, n->span.start, n->span.end) > 0 || has_comment_in(p, n->span);
}

static void blank_line_if(struct printer *p, uint32_t start, bool first)
{
    if (!first && newlines(p, p->last_end, start) >= 2)
        puts_(p, "\n");
}

/* Standalone comments that start before off, each on its own line. */
static void comments_before(struct printer *p, uint32_t off, int level, bool first)
{
    while (p->next < p->n_comments && p->comments[p->next].start < off) {
        struct dome_span c = p->comments[p->next++];
        blank_line_if(p, c.start, first);
        indent(p, level);
        put(p, p->text + c.start, c.end - c.start);
        puts_(p, "\n");
        p->last_end = c.end;
        first = false;
    }
}

/* A comment on the same line as the code that ends at `end`. */
static void trailing_comment(struct printer *p, uint32_t end)
{
    if (p->next < p->n_comments && newlines(p, end, p->comments[p->next].start) == 0) {
        struct dome_span c = p->comments[p->next++];
        puts_(p, " ");
        put(p, p->text + c.start, c.end - c.start);
        p->last_end = c.end;
    }
}

static void expr(struct printer *p, const struct ast_node *n, int level);
static void body(struct printer *p, const struct ast_list *items, int level, uint32_t close);

static void string_text(struct printer *p, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '"':
            puts_(p, "\\\"");
            break;
        case '\\':
            puts_(p, "\\\\");
            break;
        case '\n':
            puts_(p, "\\n");
            break;
        case '\t':
            puts_(p, "\\t");
            break;
        case '$':
            puts_(p, s[1] == '{' ? "\\$" : "$");
            break;
        default:
            put(p, s, 1);
        }
    }
}

static void string(struct printer *p, const struct ast_node *n)
{
    puts_(p, "\"");
    for (const struct ast_node *part = n->items.head; part; part = part->next) {
        if (part->kind == AST_TEXT) {
            string_text(p, part->str);
        } else {
            puts_(p, "${");
            expr(p, part, 0);
            puts_(p, "}");
        }
    }
    puts_(p, "\"");
}

static void path(struct printer *p, const struct ast_node *n)
{
    for (const struct ast_node *s = n->items.head; s; s = s->next) {
        if (s != n->items.head)
            puts_(p, ".");
        puts_(p, s->str);
    }
}

/* list -> [a, b] on one line, or one item per line with trailing commas */
static void list(struct printer *p, const struct ast_node *n, int level)
{
    if (!multiline(p, n)) {
        puts_(p, "[");
        for (const struct ast_node *it = n->items.head; it; it = it->next) {
            expr(p, it, level);
            if (it->next)
                puts_(p, ", ");
        }
        puts_(p, "]");
        return;
    }
    puts_(p, "[");
    trailing_comment(p, n->span.start + 1);
    puts_(p, "\n");
    p->last_end = n->span.start + 1;
    for (const struct ast_node *it = n->items.head; it; it = it->next) {
        comments_before(p, it->span.start, level + 1, true);
        indent(p, level + 1);
        expr(p, it, level + 1);
        puts_(p, ",");
        p->last_end = it->span.end;
        trailing_comment(p, it->span.end);
        puts_(p, "\n");
    }
    comments_before(p, n->span.end - 1, level + 1, false);
    indent(p, level);
    puts_(p, "]");
}

/* map -> { k = v, ... } on one line, or one entry per line */
static void map(struct printer *p, const struct ast_node *n, int level)
{
    if (!multiline(p, n) && n->items.n == 0) {
        puts_(p, "{}");
    } else if (!multiline(p, n)) {
        puts_(p, "{ ");
        body(p, &n->items, -1, n->span.end - 1);
        puts_(p, " }");
    } else {
        puts_(p, "{");
        trailing_comment(p, n->span.start + 1);
        puts_(p, "\n");
        p->last_end = n->span.start + 1;
        body(p, &n->items, level + 1, n->span.end - 1);
        indent(p, level);
        puts_(p, "}");
    }
}

/* call -> NAME(arg, ...) */
static void call(struct printer *p, const struct ast_node *n, int level)
{
    puts_(p, n->str);
    puts_(p, "(");
    for (const struct ast_node *a = n->items.head; a; a = a->next) {
        expr(p, a, level);
        if (a->next)
            puts_(p, ", ");
    }
    puts_(p, ")");
}

static const char *const ops[] = {" == ", " != ", " && ", " || "};

static void expr(struct printer *p, const struct ast_node *n, int level)
{
    switch (n->kind) {
    case AST_INT: {
        char b[32];
        snprintf(b, sizeof b, "%lld", (long long)n->i);
        puts_(p, b);
        break;
    }
    case AST_NUMBER: /* as written: 0.10 stays 0.10 */
        puts_(p, n->str);
        break;
    case AST_BOOL:
        puts_(p, n->b ? "true" : "false");
        break;
    case AST_NULL:
        puts_(p, "null");
        break;
    case AST_STRING:
        string(p, n);
        break;
    case AST_PATH:
        path(p, n);
        break;
    case AST_LIST:
        list(p, n, level);
        break;
    case AST_MAP:
        map(p, n, level);
        break;
    case AST_CALL:
        call(p, n, level);
        break;
    case AST_COND:
        expr(p, n->a, level);
        puts_(p, " ? ");
        expr(p, n->b_, level);
        puts_(p, " : ");
        expr(p, n->c, level);
        break;
    case AST_BINARY:
        expr(p, n->a, level);
        puts_(p, ops[n->op]);
        expr(p, n->b_, level);
        break;
    case AST_NOT:
        puts_(p, "!");
        expr(p, n->a, level);
        break;
    case AST_PAREN:
        puts_(p, "(");
        expr(p, n->a, level);
        puts_(p, ")");
        break;
    case AST_WITH:
        expr(p, n->a, level);
        puts_(p, " ");
        map(p, n->b_, level);
        break;
    default:
        break;
    }
}

static void block(struct printer *p, const struct ast_node *n, int level);

static void entry(struct printer *p, const struct ast_node *e, int level, size_t width)
{
    switch (e->kind) {
    case AST_ATTR:
        puts_(p, e->str);
        for (size_t w = strlen(e->str); w < width; w++)
            puts_(p, " ");
        puts_(p, " = ");
        expr(p, e->a, level < 0 ? 0 : level);
        break;
    case AST_BLOCK:
        block(p, e, level);
        break;
    case AST_CONFIG:
        puts_(p, "config ");
        puts_(p, e->str);
        puts_(p, ": ");
        puts_(p, e->a->str);
        if (e->b_) {
            puts_(p, " = ");
            expr(p, e->b_, level);
        }
        break;
    case AST_OUTPUT:
        puts_(p, "output ");
        puts_(p, e->str);
        puts_(p, " = ");
        expr(p, e->a, level);
        break;
    default:
        break;
    }
}

/* Width to align `=` for each attribute: runs of single-line attributes
 * with no blank line between them share the longest name. */
static size_t *align_widths(const struct printer *p, const struct ast_list *items)
{
    size_t *w = calloc(items->n + 1, sizeof *w);
    size_t i = 0, run = 0;
    const struct ast_node *prev = NULL;
    for (const struct ast_node *e = items->head; e; e = e->next, i++) {
        bool alignable = e->kind == AST_ATTR && !multiline(p, e->a);
        bool joins = alignable && prev && newlines(p, prev->span.end, e->span.start) < 2;
        if (!joins)
            run = i;
        if (alignable)
            for (size_t j = run; j <= i; j++)
                w[j] = w[j] > strlen(e->str) ? w[j] : strlen(e->str);
        for (size_t j = run; alignable && j < i; j++)
            w[i] = w[i] > w[j] ? w[i] : w[j];
        prev = alignable ? e : NULL;
    }
    return w;
}

static void body(struct printer *p, const struct ast_list *items, int level, uint32_t close)
{
    if (level < 0) { /* inline: a = 1, b = 2 */
        for (const struct ast_node *e = items->head; e; e = e->next) {
            entry(p, e, -1, 0);
            if (e->next)
                puts_(p, ", ");
        }
        p->last_end = close;
        return;
    }
    size_t *w = align_widths(p, items);
    size_t i = 0;
    bool first = true;
    for (const struct ast_node *e = items->head; e; e = e->next, i++) {
        size_t before = p->len;
        comments_before(p, e->span.start, level, first);
        blank_line_if(p, e->span.start, first && p->len == before);
        indent(p, level);
        entry(p, e, level, w[i]);
        p->last_end = e->span.end;
        trailing_comment(p, e->span.end);
        puts_(p, "\n");
        comments_before(p, e->span.end, level, false);
        first = false;
    }
    free(w);
    comments_before(p, close, level, first);
}

static uint32_t open_brace(const struct printer *p, const struct ast_node *n)
{
    uint32_t i = n->labels.tail ? n->labels.tail->span.end : n->name_span.end;
    while (i < n->span.end && p->text[i] != '{')
        i++;
    return i;
}

/* block -> TYPE labels { entries } */
static void block(struct printer *p, const struct ast_node *n, int level)
{
    puts_(p, n->str);
    for (const struct ast_node *l = n->labels.head; l; l = l->next) {
        puts_(p, " ");
        expr(p, l, 0);
    }
    uint32_t open = open_brace(p, n), close = n->span.end - 1;
    if (!multiline(p, n) || level < 0) {
        puts_(p, n->items.n ? " { " : " {}");
        if (n->items.n) {
            body(p, &n->items, -1, close);
            puts_(p, " }");
        }
        return;
    }
    puts_(p, " {");
    trailing_comment(p, open + 1);
    puts_(p, "\n");
    p->last_end = open + 1;
    body(p, &n->items, level + 1, close);
    indent(p, level);
    puts_(p, "}");
    p->last_end = n->span.end;
}

/* Where the trailing comment of a formatted line starts (its '#'), or -1.
 * Knows strings and nested interpolations; a comment-only line gives -1. */
static long comment_start(const char *line, size_t len)
{
    char stack[64]; /* 's' string, 'i' interpolation, '{' brace inside one */
    int depth = 0;
    bool code = false;
    for (size_t i = 0; i < len; i++) {
        char c = line[i], top = depth ? stack[depth - 1] : 0;
        if (top == 's') {
            if (c == '\\')
                i++;
            else if (c == '"')
                depth--;
            else if (c == '$' && i + 1 < len && line[i + 1] == '{' && depth < 64)
                stack[depth++] = 'i', i++;
            continue;
        }
        if (c == '"' && depth < 64)
            stack[depth++] = 's';
        else if (c == '{' && top && depth < 64)
            stack[depth++] = '{';
        else if (c == '}' && top)
            depth--;
        else if (c == '#' && !top)
            return code ? (long)i : -1;
        code = code || (c != ' ' && c != '\t');
    }
    return -1;
}

/* Writes lines [line, end) with their comments starting at column width. */
static void write_run(struct printer *out, const char *line, const char *end, size_t width)
{
    for (const char *q = line; q < end;) {
        const char *e = strchr(q, '\n');
        size_t len = e ? (size_t)(e - q) : strlen(q);
        long c = comment_start(q, len), code = c;
        while (code > 0 && q[code - 1] == ' ')
            code--;
        put(out, q, (size_t)code);
        for (size_t w = (size_t)code; w < width; w++)
            puts_(out, " ");
        put(out, q + c, len - (size_t)c);
        puts_(out, "\n");
        q = e ? e + 1 : q + len;
    }
}

/* Aligns the trailing comments of consecutive lines (same indentation, no
 * blank line between) one space after the longest code among them. */
static char *align_comments(char *buf)
{
    struct printer out = {0};
    put(&out, "", 0);
    const char *line = buf;
    while (*line) {
        const char *end = line, *q;
        size_t width = 0, n = 0;
        for (q = line; *q; n++) { /* measure the run starting here */
            const char *e = strchr(q, '\n');
            size_t len = e ? (size_t)(e - q) : strlen(q);
            long c = comment_start(q, len);
            if (c < 0 || (n && strspn(q, " ") != strspn(line, " ")))
                break;
            while (c > 0 && q[c - 1] == ' ')
                c--;
            width = (size_t)c + 1 > width ? (size_t)c + 1 : width;
            q = e ? e + 1 : q + len;
            end = q;
        }
        if (n < 2) { /* no run: copy one line as it is */
            const char *e = strchr(line, '\n');
            size_t len = e ? (size_t)(e - line) + 1 : strlen(line);
            put(&out, line, len);
            line += len;
            continue;
        }
        write_run(&out, line, end, width);
        line = end;
    }
    free(buf);
    return out.buf;
}

static char *print_file(const char *text, const struct ast_file *f, size_t len)
{
    struct printer p = {text, f->comments, f->n_comments, 0, 0, NULL, 0, 0};
    put(&p, "", 0);
    body(&p, &f->items, 0, (uint32_t)len);
    return align_comments(p.buf);
}

char *fmt_source(const char *name, const char *text, size_t len, FILE *diag_out)
{
    struct arena a;
    arena_init(&a);
    struct intern names;
    intern_init(&names, &a);
    struct src_table src;
    src_init(&src, &a);
    struct diag d;
    diag_init(&d, diag_out, false, &src);
    uint32_t idx = src_add(&src, name, text, len);
    struct ast_file f;
    char *out = NULL;
    if (parse_file(&a, &names, &d, &src.files[idx], idx, &f) == 0)
        out = print_file(src.files[idx].text, &f, len);
    arena_free(&a);
    return out;
}
