/* A token scan of JavaScript for module specifiers (see js_imports.h).
 * Tokens are identifiers, string literals and single punctuation
 * characters; the matcher then looks for the few statement shapes that
 * name a module. */
#include "runtime/build/js_imports.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

enum tok_kind { TOK_IDENT, TOK_STRING, TOK_PUNCT };

struct tok {
    enum tok_kind kind;
    const char *s; /* into the source; strings without their quotes */
    size_t len;
    size_t line;
};

struct scan {
    const char *src;
    size_t len, off, line;
    struct tok *toks;
    size_t n, cap;
};

static void push(struct scan *sc, enum tok_kind kind, const char *s, size_t len, size_t line)
{
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 256;
        sc->toks = xreallocarray(sc->toks, sc->cap, sizeof *sc->toks);
    }
    sc->toks[sc->n++] = (struct tok){kind, s, len, line};
}

static int peek(const struct scan *sc, size_t ahead)
{
    return sc->off + ahead < sc->len ? (unsigned char)sc->src[sc->off + ahead] : -1;
}

static void advance(struct scan *sc)
{
    if (sc->src[sc->off] == '\n')
        sc->line++;
    sc->off++;
}

/* skip_quoted: past a string or template body ending at quote. */
static void skip_quoted(struct scan *sc, char quote)
{
    int depth = 0;
    while (sc->off < sc->len) {
        char c = sc->src[sc->off];
        if (c == '\\') {
            advance(sc);
            if (sc->off < sc->len)
                advance(sc);
            continue;
        }
        if (quote == '`' && c == '$' && peek(sc, 1) == '{')
            depth++;
        else if (quote == '`' && c == '}' && depth > 0)
            depth--;
        advance(sc);
        if (c == quote && depth == 0)
            return;
        if (c == '\n' && quote != '`')
            return; /* an unterminated string ends at the line */
    }
}

/* regex_allowed: a '/' starts a regular expression after an operator,
 * an opening bracket, a keyword such as return, or at the start. */
static bool regex_allowed(const struct scan *sc)
{
    if (sc->n == 0)
        return true;
    const struct tok *t = &sc->toks[sc->n - 1];
    if (t->kind == TOK_STRING)
        return false;
    if (t->kind == TOK_IDENT) {
        static const char *const kw[] = {"return", "typeof", "case", "do",   "else",
                                         "in",     "of",     "new",  "void", "yield",
                                         "await",  "delete", "throw"};
        for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
            if (t->len == strlen(kw[i]) && memcmp(t->s, kw[i], t->len) == 0)
                return true;
        return false;
    }
    return !strchr(")]}", t->s[0]);
}

static void skip_regex(struct scan *sc)
{
    bool in_class = false;
    advance(sc); /* the opening '/' */
    while (sc->off < sc->len && sc->src[sc->off] != '\n') {
        char c = sc->src[sc->off];
        advance(sc);
        if (c == '\\' && sc->off < sc->len)
            advance(sc);
        else if (c == '[')
            in_class = true;
        else if (c == ']')
            in_class = false;
        else if (c == '/' && !in_class)
            break;
    }
}

static bool ident_char(int c)
{
    return c >= 0 && (isalnum(c) || c == '_' || c == '$' || c >= 0x80);
}

/* step: one token (or one skipped comment/blank) from sc->off. */
static void step(struct scan *sc)
{
    int c = peek(sc, 0);
    size_t line = sc->line, start = sc->off;
    if (isspace(c)) {
        advance(sc);
    } else if (c == '/' && peek(sc, 1) == '/') {
        while (sc->off < sc->len && sc->src[sc->off] != '\n')
            advance(sc);
    } else if (c == '/' && peek(sc, 1) == '*') {
        advance(sc);
        advance(sc);
        while (sc->off < sc->len && !(sc->src[sc->off] == '*' && peek(sc, 1) == '/'))
            advance(sc);
        if (sc->off < sc->len) {
            advance(sc);
            advance(sc);
        }
    } else if (c == '"' || c == '\'' || c == '`') {
        advance(sc);
        skip_quoted(sc, (char)c);
        size_t end = sc->off > start + 1 ? sc->off - 1 : start + 1;
        /* a template literal is never a specifier: push it as punctuation */
        if (c == '`')
            push(sc, TOK_PUNCT, "`", 1, line);
        else
            push(sc, TOK_STRING, sc->src + start + 1, end - start - 1, line);
    } else if (c == '/' && regex_allowed(sc)) {
        skip_regex(sc);
        push(sc, TOK_STRING, "", 0, line); /* an operand, like a string */
    } else if (ident_char(c)) {
        while (ident_char(peek(sc, 0)))
            advance(sc);
        push(sc, TOK_IDENT, sc->src + start, sc->off - start, line);
    } else {
        advance(sc);
        push(sc, TOK_PUNCT, sc->src + start, 1, line);
    }
}

static bool is_ident(const struct tok *t, const char *word)
{
    return t && t->kind == TOK_IDENT && t->len == strlen(word) && memcmp(t->s, word, t->len) == 0;
}

static bool is_punct(const struct tok *t, char c)
{
    return t && t->kind == TOK_PUNCT && t->s[0] == c;
}

static const struct tok *at(const struct scan *sc, size_t i)
{
    return i < sc->n ? &sc->toks[i] : NULL;
}

/* from_clause: the index of the string after `from`, scanning forward from
 * i over an import or export clause; 0 when the statement has none. */
static size_t from_clause(const struct scan *sc, size_t i)
{
    for (; i + 1 < sc->n; i++) {
        const struct tok *t = at(sc, i);
        if (is_punct(t, ';') || is_ident(t, "import") || is_ident(t, "export"))
            return 0;
        if (is_ident(t, "from") && at(sc, i + 1)->kind == TOK_STRING)
            return i + 1;
    }
    return 0;
}

/* specifier_at: the index of the specifier string of the statement or
 * call starting at token i, or 0. */
static size_t specifier_at(const struct scan *sc, size_t i)
{
    const struct tok *t = at(sc, i), *next = at(sc, i + 1);
    if (i > 0 && is_punct(at(sc, i - 1), '.'))
        return 0; /* x.import, x.require */
    if ((is_ident(t, "import") || is_ident(t, "require")) && is_punct(next, '(') && at(sc, i + 2) &&
        at(sc, i + 2)->kind == TOK_STRING &&
        (is_punct(at(sc, i + 3), ')') || is_punct(at(sc, i + 3), ',')))
        return i + 2;
    if (is_ident(t, "import") && next && next->kind == TOK_STRING)
        return i + 1;
    if (is_ident(t, "import") && next &&
        (next->kind == TOK_IDENT || is_punct(next, '{') || is_punct(next, '*')))
        return from_clause(sc, i + 1);
    if (is_ident(t, "export") && (is_punct(next, '{') || is_punct(next, '*')))
        return from_clause(sc, i + 1);
    return 0;
}

/* js_imports: see js_imports.h. */
struct js_import *js_imports(const char *src, size_t len, size_t *n)
{
    struct scan sc = {.src = src, .len = len, .line = 1};
    while (sc.off < sc.len)
        step(&sc);
    struct js_import *out = NULL;
    *n = 0;
    for (size_t i = 0; i < sc.n; i++) {
        size_t k = specifier_at(&sc, i);
        if (k == 0)
            continue;
        out = xreallocarray(out, *n + 1, sizeof *out);
        out[*n].spec = xstrndup(sc.toks[k].s, sc.toks[k].len);
        out[*n].line = sc.toks[k].line;
        (*n)++;
        i = k;
    }
    free(sc.toks);
    return out;
}

/* js_imports_free: see js_imports.h. */
void js_imports_free(struct js_import *imps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(imps[i].spec);
    free(imps);
}
