/* The syntax tree of one .dome file. Every node lives in the compilation
 * arena and is never freed on its own; names are interned. */
#ifndef DOME_AST_H
#define DOME_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/arena.h"
#include "lang/span.h"

enum ast_kind {
    AST_BLOCK,  /* str = block type; labels; items = body entries */
    AST_ATTR,   /* str = name; a = value (also a map entry) */
    AST_CONFIG, /* config str: a(type, AST_IDENT) [= b] */
    AST_OUTPUT, /* output str = a */
    AST_IDENT,  /* str */
    AST_STRING, /* items = parts: AST_TEXT or expressions (interpolation) */
    AST_TEXT,   /* str = decoded text */
    AST_INT,    /* i */
    AST_NUMBER, /* d; str = the literal as written, with its sign ("0.1", "-2.50") */
    AST_BOOL,   /* b */
    AST_NULL,   /* null: leaves a var, binding or attribute out */
    AST_LIST,   /* items */
    AST_MAP,    /* items = AST_ATTR */
    AST_PATH,   /* items = AST_IDENT segments: kind.label.attr, config.x, stack */
    AST_CALL,   /* str = function; items = arguments */
    AST_COND,   /* a ? b : c */
    AST_BINARY, /* a op b */
    AST_NOT,    /* !a */
    AST_PAREN,  /* (a) */
    AST_WITH,   /* a { b }: a binding reference (AST_PATH) with its settings (AST_MAP) */
    AST_ERROR   /* a syntax error was recovered here */
};

enum ast_op { AST_OP_EQ, AST_OP_NE, AST_OP_AND, AST_OP_OR };

struct ast_node;

struct ast_list {
    struct ast_node *head; /* linked through ast_node.next */
    struct ast_node *tail;
    size_t n;
};

struct ast_node {
    enum ast_kind kind;
    enum ast_op op;             /* AST_BINARY */
    struct dome_span span;      /* the whole construct */
    struct dome_span name_span; /* the name/keyword of blocks, attrs, configs, calls */
    const char *str;            /* interned name, or decoded text for AST_TEXT */
    int64_t i;
    double d; /* AST_NUMBER */
    bool b;
    struct ast_node *a, *b_, *c; /* children, see ast_kind */
    struct ast_list labels;      /* AST_BLOCK: AST_PATH or AST_STRING labels */
    struct ast_list items;
    struct ast_node *next; /* sibling in a list */
};

/* One parsed file: top-level items plus the comments, for the formatter. */
struct ast_file {
    uint32_t file;              /* index in the source table */
    struct ast_list items;      /* top-level AST_BLOCK / AST_CONFIG / AST_OUTPUT / AST_ERROR */
    struct dome_span *comments; /* every `#` comment, in order */
    size_t n_comments;
    int n_syntax_errors;
};

/* ast_new returns a zeroed node of kind at span. */
struct ast_node *ast_new(struct arena *a, enum ast_kind kind, struct dome_span span);

/* ast_list_one returns a list holding node. */
struct ast_list ast_list_one(struct ast_node *node);

/* ast_list_add appends node (NULL is ignored) and returns the list. */
struct ast_list ast_list_add(struct ast_list l, struct ast_node *node);

/* ast_new_block: TYPE labels { items } */
struct ast_node *ast_new_block(struct arena *a, struct dome_span span, const char *type,
                               struct dome_span type_span, struct ast_list labels,
                               struct ast_list items);

/* ast_new_named: attributes, outputs, config declarations and calls: a node
 * with a name, its span, and up to two children (list for calls). */
struct ast_node *ast_new_named(struct arena *a, enum ast_kind kind, struct dome_span span,
                               const char *name, struct dome_span name_span, struct ast_node *x,
                               struct ast_node *y);

/* ast_new_call: NAME ( args ) */
struct ast_node *ast_new_call(struct arena *a, struct dome_span span, const char *name,
                              struct dome_span name_span, struct ast_list args);

/* ast_new_list: a node holding items (AST_STRING, AST_LIST, AST_MAP, AST_PATH). */
struct ast_node *ast_new_list(struct arena *a, enum ast_kind kind, struct dome_span span,
                              struct ast_list items);

/* ast_new_ident / ast_new_text: a leaf carrying str. */
struct ast_node *ast_new_leaf(struct arena *a, enum ast_kind kind, struct dome_span span,
                              const char *str);

/* ast_new_number: a decimal literal from its digits (text, without the
 * sign; negative: written after '-'). */
struct ast_node *ast_new_number(struct arena *a, struct dome_span span, const char *text,
                                bool negative);

/* ast_new_int / ast_new_bool: literals. */
struct ast_node *ast_new_int(struct arena *a, struct dome_span span, int64_t v);
struct ast_node *ast_new_bool(struct arena *a, struct dome_span span, bool v);

/* ast_new_op: unary/binary/conditional operators and parentheses. */
struct ast_node *ast_new_op(struct arena *a, enum ast_kind kind, enum ast_op op,
                            struct dome_span span, struct ast_node *x, struct ast_node *y,
                            struct ast_node *z);

/* ast_string_text appends text to a string's parts, merging it into a
 * preceding text part so plain strings have at most one part. */
struct ast_list ast_string_text(struct arena *a, struct ast_list parts, const char *text,
                                struct dome_span span);

/* ast_path_string renders a path node as "a.b.c" in the arena. */
const char *ast_path_string(struct arena *a, const struct ast_node *path);

#endif
