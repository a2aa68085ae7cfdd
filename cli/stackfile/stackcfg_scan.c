/* Tokenises a stack file just enough to find a top-level block and its
 * entries: identifiers, strings (with ${} parts), numbers, brackets,
 * newlines; comments are skipped. Never fails on odd input: it stops. */
#include "cli/stackfile/stackcfg_scan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum tok_type { T_EOF, T_IDENT, T_STR, T_NUM, T_NL, T_PUNCT };

struct tok {
    enum tok_type t;
    size_t off, end;
    char c; /* T_PUNCT: the character */
};

struct scanner {
    const char *s;
    size_t n, pos;
};

static void skip_string(struct scanner *sc);

/* Skips a ${ ... } part (sc->pos just after "${"), nested braces included. */
static void skip_interp(struct scanner *sc)
{
    int depth = 1;
    while (sc->pos < sc->n && depth > 0) {
        char c = sc->s[sc->pos];
        if (c == '"') {
            sc->pos++;
            skip_string(sc);
            continue;
        }
        depth += (c == '{') - (c == '}');
        sc->pos++;
    }
}

/* Skips a string body (sc->pos just after the opening quote). */
static void skip_string(struct scanner *sc)
{
    while (sc->pos < sc->n) {
        char c = sc->s[sc->pos];
        if (c == '\n')
            return;
        sc->pos++;
        if (c == '"')
            return;
        if (c == '\\' && sc->pos < sc->n)
            sc->pos++;
        else if (c == '$' && sc->pos < sc->n && sc->s[sc->pos] == '{') {
            sc->pos++;
            skip_interp(sc);
        }
    }
}

static struct tok next(struct scanner *sc)
{
    const char *s = sc->s;
    while (sc->pos < sc->n) {
        char c = s[sc->pos];
        if (c == ' ' || c == '\t' || c == '\r')
            sc->pos++;
        else if (c == '#')
            while (sc->pos < sc->n && s[sc->pos] != '\n')
                sc->pos++;
        else
            break;
    }
    struct tok t = {T_EOF, sc->pos, sc->pos, 0};
    if (sc->pos >= sc->n)
        return t;
    char c = s[sc->pos++];
    if (c == '\n') {
        t.t = T_NL;
    } else if (isalpha((unsigned char)c) || c == '_') {
        t.t = T_IDENT;
        while (sc->pos < sc->n && (isalnum((unsigned char)s[sc->pos]) || s[sc->pos] == '_'))
            sc->pos++;
    } else if (isdigit((unsigned char)c)) {
        t.t = T_NUM;
        while (sc->pos < sc->n && isdigit((unsigned char)s[sc->pos]))
            sc->pos++;
    } else if (c == '"') {
        t.t = T_STR;
        skip_string(sc);
    } else {
        t.t = T_PUNCT;
        t.c = c;
    }
    t.end = sc->pos;
    return t;
}

static bool is_open(const struct tok *t)
{
    return t->t == T_PUNCT && (t->c == '{' || t->c == '[' || t->c == '(');
}

static bool is_close(const struct tok *t)
{
    return t->t == T_PUNCT && (t->c == '}' || t->c == ']' || t->c == ')');
}

static int add_ent(struct stackcfg_blk *blk, struct stackcfg_ent e)
{
    struct stackcfg_ent *n = realloc(blk->ents, (blk->n_ents + 1) * sizeof *n);
    if (!n)
        return -1;
    blk->ents = n;
    blk->ents[blk->n_ents++] = e;
    return 0;
}

/* value -> tokens up to a newline or ',' at the entry's depth, or the block's '}' */
static struct tok value(struct scanner *sc, struct stackcfg_ent *e)
{
    int depth = 0;
    struct tok t = next(sc);
    e->val_off = e->val_end = t.off;
    for (; t.t != T_EOF; t = next(sc)) {
        if (depth == 0 && (t.t == T_NL || (t.t == T_PUNCT && t.c == ',') || is_close(&t)))
            break;
        depth += is_open(&t) - is_close(&t);
        e->val_end = t.end;
    }
    return t;
}

/* body -> { (KEY '=' value | NL | ',')* } ; sc is just after '{' */
static int body(struct scanner *sc, struct stackcfg_blk *blk)
{
    struct tok t = next(sc);
    while (t.t != T_EOF && !(t.t == T_PUNCT && t.c == '}')) {
        struct tok eq = {T_EOF, 0, 0, 0};
        if (t.t == T_IDENT && (eq = next(sc)).t == T_PUNCT && eq.c == '=') {
            struct stackcfg_ent e = {t.off, t.end, eq.off, 0, 0};
            t = value(sc, &e);
            if (add_ent(blk, e) < 0)
                return -1;
            continue;
        }
        if (eq.t != T_EOF)
            t = eq;
        if (t.t == T_PUNCT && t.c == '}')
            break;
        int depth = is_open(&t);
        while (depth > 0 && (t = next(sc)).t != T_EOF) /* skip anything else */
            depth += is_open(&t) - is_close(&t);
        t = next(sc);
    }
    blk->close_off = t.t == T_EOF ? sc->n : t.off;
    return 0;
}

/* stackcfg_scan: see cli/stackfile/stackcfg_scan.h. */
int stackcfg_scan(const char *text, const char *name, struct stackcfg_blk *blk)
{
    memset(blk, 0, sizeof *blk);
    struct scanner sc = {text, strlen(text), 0};
    size_t name_len = strlen(name);
    int depth = 0;
    for (struct tok t = next(&sc); t.t != T_EOF; t = next(&sc)) {
        if (depth == 0 && t.t == T_IDENT && t.end - t.off == name_len &&
            !memcmp(text + t.off, name, name_len)) {
            struct tok o = next(&sc);
            if (o.t == T_PUNCT && o.c == '{') {
                blk->is_found = true;
                blk->name_off = t.off;
                blk->open_off = o.off;
                return body(&sc, blk);
            }
            t = o;
        }
        depth += is_open(&t) - is_close(&t);
        if (depth < 0)
            depth = 0;
    }
    return 0;
}

/* stackcfg_blk_free: see cli/stackfile/stackcfg_scan.h. */
void stackcfg_blk_free(struct stackcfg_blk *blk)
{
    free(blk->ents);
    blk->ents = NULL;
    blk->n_ents = 0;
}

static void copy_tok(char *dst, size_t cap, const char *text, const struct tok *t)
{
    size_t n = t->end - t->off;
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, text + t->off, n);
    dst[n] = '\0';
}

static bool tok_is(const char *text, const struct tok *t, const char *word)
{
    size_t n = strlen(word);
    return t->t == T_IDENT && t->end - t->off == n && !memcmp(text + t->off, word, n);
}

/* decl -> 'config' NAME ':' TYPE ['=' expr] ; sc is just after 'config' */
static int decl(struct scanner *sc, struct stackcfg_decl **list, size_t *n)
{
    struct tok name = next(sc), colon, type;
    if (name.t != T_IDENT || (colon = next(sc)).t != T_PUNCT || colon.c != ':' ||
        (type = next(sc)).t != T_IDENT)
        return 0;
    struct stackcfg_decl *l = realloc(*list, (*n + 1) * sizeof *l);
    if (!l)
        return -1;
    *list = l;
    struct stackcfg_decl *d = &l[(*n)++];
    copy_tok(d->name, sizeof d->name, sc->s, &name);
    copy_tok(d->type, sizeof d->type, sc->s, &type);
    size_t save = sc->pos;
    struct tok eq = next(sc);
    d->has_default = eq.t == T_PUNCT && eq.c == '=';
    sc->pos = save;
    return 0;
}

/* stackcfg_scan_decls: see cli/stackfile/stackcfg_scan.h. */
int stackcfg_scan_decls(const char *text, struct stackcfg_decl **list, size_t *n)
{
    struct scanner sc = {text, strlen(text), 0};
    int depth = 0;
    bool line_start = true;
    for (struct tok t = next(&sc); t.t != T_EOF; t = next(&sc)) {
        if (depth == 0 && line_start && tok_is(text, &t, "config")) {
            if (decl(&sc, list, n) < 0)
                return -1;
            line_start = false;
            continue;
        }
        line_start = t.t == T_NL;
        depth += is_open(&t) - is_close(&t);
        if (depth < 0)
            depth = 0;
    }
    return 0;
}
