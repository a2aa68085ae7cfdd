/* The .dome grammar: a pure bison parser with byte-offset locations and
 * error recovery at newlines and '}'. Each action is one ast_new_* call. */
%code requires {
#include "lang/ast.h"
#include "lang/span.h"
struct parse_ctx;
typedef void *yyscan_t;
}

%code provides {
int dome_yylex(DOME_YYSTYPE *lval, DOME_YYLTYPE *lloc, yyscan_t scanner);
}

%code {
#include <stdio.h>
#include <string.h>

#include "lang/parse.h"

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
    do {                                                             \
        if (N) {                                                     \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                      \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                    \
            (Cur).end = YYRHSLOC(Rhs, N).end;                        \
        } else {                                                     \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                      \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;          \
        }                                                            \
    } while (0)

#define A (ctx->arena)
static void dome_yyerror(DOME_YYLTYPE *loc, yyscan_t scanner, struct parse_ctx *ctx,
                         const char *msg);
}

%define api.pure full
%define api.prefix {dome_yy}
%define api.location.type {struct dome_span}
%define parse.error custom
%define parse.lac full
%locations
%param {yyscan_t scanner}
%parse-param {struct parse_ctx *ctx}
%expect 0

%initial-action { @$.file = ctx->file; @$.start = 0; @$.end = 0; }

%union {
    struct ast_node *node;
    struct ast_list list;
    const char *str;
    int64_t i;
}

%token <str> IDENT "identifier"
%token <i> INT "integer"
%token <str> NUMBER "decimal number"
%token TRUE "'true'" FALSE "'false'" NULLV "'null'"
%token QQ_START "string" QQ_END "end of string"
%token <str> STR_TEXT "string text"
%token INTERP_START "'${'" INTERP_END "end of interpolation"
%token NL "newline"
%token EQ "'=='" NE "'!='" AND "'&&'" OR "'||'"

%type <node> item entry label path string expr primary map_entry literal_key
%type <list> items entries labels parts list_items map_entries args path_segs

%right '?' ':'
%left OR
%left AND
%left EQ NE
%precedence '!'

%%

file:
    items                       { ctx->items = $1; }
    ;

/* Items and entries are separated by whitespace, newlines or commas. */
items:
    %empty                      { $$ = ctx->items = (struct ast_list){0}; }
    | items item                { $$ = ctx->items = ast_list_add($1, $2); }
    | items sep                 { $$ = $1; }
    ;

item:
    IDENT body_open entries '}' { $$ = ast_new_block(A, @$, $1, @1, (struct ast_list){0}, $3); }
    | IDENT labels body_open entries '}'
                                { $$ = ast_new_block(A, @$, $1, @1, $2, $4); }
    | IDENT IDENT ':' IDENT     { $$ = ast_new_named(A, AST_CONFIG, @$, $2, @2,
                                                     ast_new_leaf(A, AST_IDENT, @4, $4), NULL); }
    | IDENT IDENT ':' IDENT '=' expr
                                { $$ = ast_new_named(A, AST_CONFIG, @$, $2, @2,
                                                     ast_new_leaf(A, AST_IDENT, @4, $4), $6); }
    | IDENT IDENT '=' expr      { $$ = ast_new_named(A, AST_OUTPUT, @$, $2, @2, $4, NULL); }
    | error NL                  { $$ = ast_new(A, AST_ERROR, @$); }
    | error '}'                 { $$ = ast_new(A, AST_ERROR, @$); }
    ;

body_open:
    '{'
    ;

labels:
    label                       { $$ = ast_list_one($1); }
    | labels label              { $$ = ast_list_add($1, $2); }
    ;

label:
    path                        { $$ = $1; }
    | string                    { $$ = $1; }
    ;

entries:
    %empty                      { $$ = (struct ast_list){0}; }
    | entries entry             { $$ = ast_list_add($1, $2); }
    | entries sep               { $$ = $1; }
    ;

entry:
    IDENT '=' expr              { $$ = ast_new_named(A, AST_ATTR, @$, $1, @1, $3, NULL); }
    | IDENT body_open entries '}'
                                { $$ = ast_new_block(A, @$, $1, @1, (struct ast_list){0}, $3); }
    | IDENT labels body_open entries '}'
                                { $$ = ast_new_block(A, @$, $1, @1, $2, $4); }
    | error                     { $$ = ast_new(A, AST_ERROR, @$); }
    ;

sep:
    NL
    | ','
    ;

path:
    path_segs                   { $$ = ast_new_list(A, AST_PATH, @$, $1); }
    ;

path_segs:
    IDENT                       { $$ = ast_list_one(ast_new_leaf(A, AST_IDENT, @1, $1)); }
    | path_segs '.' IDENT       { $$ = ast_list_add($1, ast_new_leaf(A, AST_IDENT, @3, $3)); }
    ;

string:
    QQ_START parts QQ_END       { $$ = ast_new_list(A, AST_STRING, @$, $2); }
    ;

parts:
    %empty                      { $$ = (struct ast_list){0}; }
    | parts STR_TEXT            { $$ = ast_string_text(A, $1, $2, @2); }
    | parts INTERP_START expr INTERP_END
                                { $$ = ast_list_add($1, $3); }
    ;

expr:
    primary                     { $$ = $1; }
    | expr '?' expr ':' expr    { $$ = ast_new_op(A, AST_COND, AST_OP_EQ, @$, $1, $3, $5); }
    | expr OR expr              { $$ = ast_new_op(A, AST_BINARY, AST_OP_OR, @$, $1, $3, NULL); }
    | expr AND expr             { $$ = ast_new_op(A, AST_BINARY, AST_OP_AND, @$, $1, $3, NULL); }
    | expr EQ expr              { $$ = ast_new_op(A, AST_BINARY, AST_OP_EQ, @$, $1, $3, NULL); }
    | expr NE expr              { $$ = ast_new_op(A, AST_BINARY, AST_OP_NE, @$, $1, $3, NULL); }
    | '!' expr                  { $$ = ast_new_op(A, AST_NOT, AST_OP_EQ, @$, $2, NULL, NULL); }
    ;

primary:
    INT                         { $$ = ast_new_int(A, @$, $1); }
    | '-' INT                   { $$ = ast_new_int(A, @$, -$2); }
    | NUMBER                    { $$ = ast_new_number(A, @$, $1, false); }
    | '-' NUMBER                { $$ = ast_new_number(A, @$, $2, true); }
    | TRUE                      { $$ = ast_new_bool(A, @$, true); }
    | FALSE                     { $$ = ast_new_bool(A, @$, false); }
    | NULLV                     { $$ = ast_new(A, AST_NULL, @$); }
    | string                    { $$ = $1; }
    | path                      { $$ = $1; }
    | path body_open map_entries '}'
                                { $$ = ast_new_op(A, AST_WITH, AST_OP_EQ, @$, $1,
                                                  ast_new_list(A, AST_MAP,
                                                  (struct dome_span){@2.file, @2.start, @4.end},
                                                  $3), NULL); }
    | IDENT '(' args ')'        { $$ = ast_new_call(A, @$, $1, @1, $3); }
    | '(' expr ')'              { $$ = ast_new_op(A, AST_PAREN, AST_OP_EQ, @$, $2, NULL, NULL); }
    | '[' list_items ']'        { $$ = ast_new_list(A, AST_LIST, @$, $2); }
    | '[' list_items ',' ']'    { $$ = ast_new_list(A, AST_LIST, @$, $2); }
    | '[' ']'                   { $$ = ast_new_list(A, AST_LIST, @$, (struct ast_list){0}); }
    | body_open map_entries '}' { $$ = ast_new_list(A, AST_MAP, @$, $2); }
    ;

list_items:
    expr                        { $$ = ast_list_one($1); }
    | list_items ',' expr       { $$ = ast_list_add($1, $3); }
    ;

args:
    %empty                      { $$ = (struct ast_list){0}; }
    | list_items                { $$ = $1; }
    | list_items ','            { $$ = $1; }
    ;

map_entries:
    %empty                      { $$ = (struct ast_list){0}; }
    | map_entries map_entry     { $$ = ast_list_add($1, $2); }
    | map_entries sep           { $$ = $1; }
    ;

map_entry:
    literal_key '=' expr        { $$ = ast_new_named(A, AST_ATTR, @$, $1->str, $1->span, $3, NULL); }
    | error                     { $$ = ast_new(A, AST_ERROR, @$); }
    ;

literal_key:
    IDENT                       { $$ = ast_new_leaf(A, AST_IDENT, @1, $1); }
    ;

%%

static void dome_yyerror(DOME_YYLTYPE *loc, yyscan_t scanner, struct parse_ctx *ctx,
                         const char *msg)
{
    (void)scanner;
    bool deep = strcmp(msg, "memory exhausted") == 0;
    parse_syntax_error(ctx, *loc, deep ? "split the expression into smaller parts" : NULL,
                       deep ? "expression nested too deeply (parser stack exhausted)" : msg);
}

/* Operators can follow almost any value; listing them hides the useful part. */
static bool is_operator(yysymbol_kind_t k)
{
    const char *name = yysymbol_name(k);
    return k == YYSYMBOL_EQ || k == YYSYMBOL_NE || k == YYSYMBOL_AND || k == YYSYMBOL_OR ||
           !strcmp(name, "'?'") || !strcmp(name, "'.'") || !strcmp(name, "'('");
}

/* A config declaration without its colon looks like a block header to the
 * grammar; the line's text tells them apart for the hint. */
static bool config_without_colon(const struct parse_ctx *ctx, uint32_t off)
{
    uint32_t start = off, end = off;
    while (start > 0 && ctx->text[start - 1] != '\n')
        start--;
    while (end < ctx->len && ctx->text[end] != '\n')
        end++;
    while (start < end && (ctx->text[start] == ' ' || ctx->text[start] == '\t'))
        start++;
    return end - start > 7 && !strncmp(ctx->text + start, "config ", 7) &&
           !memchr(ctx->text + start, ':', end - start) &&
           !memchr(ctx->text + start, '{', end - start);
}

/* Builds "unexpected X, expecting A, B or C" from bison's context. */
static int yyreport_syntax_error(const yypcontext_t *yyctx, yyscan_t scanner,
                                 struct parse_ctx *ctx)
{
    (void)scanner;
    enum { MAX = 32, SHOW = 6 };
    yysymbol_kind_t all[MAX], expected[MAX];
    int n_all = yypcontext_expected_tokens(yyctx, all, MAX), n = 0;
    for (int i = 0; i < n_all; i++)
        if (!is_operator(all[i]))
            expected[n++] = all[i];
    if (n > SHOW)
        n = 0;
    yysymbol_kind_t tok = yypcontext_token(yyctx);
    char msg[512];
    int len = snprintf(msg, sizeof msg, "unexpected %s",
                       tok == YYSYMBOL_YYEMPTY ? "end of file" : yysymbol_name(tok));
    for (int i = 0; i < n && len < (int)sizeof msg; i++)
        len += snprintf(msg + len, sizeof msg - (size_t)len, "%s%s",
                        i == 0 ? ", expecting " : i == n - 1 ? " or " : ", ",
                        yysymbol_name(expected[i]));
    const char *help = NULL;
    const DOME_YYLTYPE *loc = yypcontext_location(yyctx);
    if (config_without_colon(ctx, loc->start))
        help = "declare config values as `config NAME: TYPE` (string, int, bool, list, secret)";
    else if (tok == YYSYMBOL_NL || tok == YYSYMBOL_YYEOF)
        help = "the line ends before the construct is complete";
    else if (!strcmp(yysymbol_name(tok), "':'"))
        help = "attributes are set with '=': NAME = VALUE";
    else if (!strcmp(yysymbol_name(tok), "'-'"))
        help = "labels are identifiers (letters, digits, _); an _ becomes - in physical names";
    parse_syntax_error(ctx, *loc, help, msg);
    return 0;
}
