/* TOML grammar (see toml.h). Statements build the document as they are
 * reduced (toml_tree.c); the first error stops the parse. Newlines end
 * statements; inside arrays they are blanks. */
%code requires {
#include <cJSON.h>
#include "runtime/wrangler/toml_int.h"
typedef void *yyscan_t;
}

%code {
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int toml_yylex(TOML_YYSTYPE *lval, TOML_YYLTYPE *lloc, yyscan_t scanner);
static void toml_yyerror(TOML_YYLTYPE *loc, yyscan_t scanner, struct toml_ctx *c, const char *msg);

/* integer: a TOML integer (decimal, 0x, 0o, 0b; underscores already gone) */
static double integer(const char *s)
{
    int base = s[0] == '0' && s[1] == 'x' ? 16 : s[0] == '0' && s[1] == 'o' ? 8
             : s[0] == '0' && s[1] == 'b' ? 2 : 10;
    return (double)strtoll(base == 10 ? s : s + 2, NULL, base);
}

/* key1: a one-segment key */
static cJSON *key1(char *s)
{
    cJSON *k = cJSON_CreateArray();
    cJSON_AddItemToArray(k, cJSON_CreateString(s));
    free(s);
    return k;
}
}

%define api.pure full
%define api.prefix {toml_yy}
%define api.location.type {struct toml_loc}
%define parse.error detailed
%locations
%param {yyscan_t scanner}
%parse-param {struct toml_ctx *c}
%expect 0

%union {
    char *s;
    cJSON *j;
}

%token <s> BARE "key" STRING "string" INTEGER "integer" FLOAT "float" BOOL "boolean" DATETIME "date"
%token NL "newline"
%type <j> key value array values inline kvs
%type <s> simple

%destructor { free($$); } <s>
%destructor { cJSON_Delete($$); } <j>

%%

file:
    %empty
  | file line
  ;

line:
    NL
  | key '=' value NL        { if (toml_set(c, &@1, c->current, $1, $3)) YYABORT; }
  | '[' key ']' NL          { if (toml_table(c, &@2, $2)) YYABORT; }
  | '[' '[' key ']' ']' NL  { if (toml_array_table(c, &@3, $3)) YYABORT; }
  ;

key:
    simple                  { $$ = key1($1); }
  | key '.' simple          { $$ = $1; cJSON_AddItemToArray($$, cJSON_CreateString($3)); free($3); }
  ;

/* a bare key may look like a number, a boolean or a date */
simple: BARE | STRING | INTEGER | BOOL | DATETIME ;

value:
    STRING                  { $$ = cJSON_CreateString($1); free($1); }
  | INTEGER                 { $$ = cJSON_CreateNumber(integer($1)); free($1); }
  | FLOAT                   { $$ = cJSON_CreateNumber(strtod($1, NULL)); free($1); }
  | BOOL                    { $$ = cJSON_CreateBool(strcmp($1, "true") == 0); free($1); }
  | DATETIME                { $$ = cJSON_CreateString($1); free($1); }
  | array
  | inline
  ;

array:
    '[' blanks ']'                      { $$ = cJSON_CreateArray(); }
  | '[' blanks values blanks ']'        { $$ = $3; }
  | '[' blanks values blanks ',' blanks ']' { $$ = $3; }
  ;

values:
    value                               { $$ = cJSON_CreateArray(); cJSON_AddItemToArray($$, $1); }
  | values blanks ',' blanks value      { $$ = $1; cJSON_AddItemToArray($$, $5); }
  ;

blanks:
    %empty
  | blanks NL
  ;

inline:
    '{' '}'                 { $$ = cJSON_CreateObject(); }
  | '{' kvs '}'             { $$ = $2; }
  ;

kvs:
    key '=' value           { $$ = cJSON_CreateObject(); if (toml_set(c, &@1, $$, $1, $3)) { cJSON_Delete($$); YYABORT; } }
  | kvs ',' key '=' value   { if (toml_set(c, &@3, $1, $3, $5)) { cJSON_Delete($1); YYABORT; } $$ = $1; }
  ;

%%

static void toml_yyerror(TOML_YYLTYPE *loc, yyscan_t scanner, struct toml_ctx *c, const char *msg)
{
    (void)scanner;
    toml_error_at(c, loc, "%s", msg);
}
