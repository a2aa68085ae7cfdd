/* Drives the scanner and parser over one source file's text. Owns nothing:
 * every node and comment span lands in the caller's arena. */
#include "lang/parse.h"

#include <string.h>

#include "parser.h"
#define YYSTYPE DOME_YYSTYPE
#define YYLTYPE DOME_YYLTYPE
#include "lexer.h"

int dome_yyparse(yyscan_t scanner, struct parse_ctx *ctx);

void parse_syntax_error(struct parse_ctx *ctx, struct dome_span span, const char *help,
                        const char *msg)
{
    ctx->n_errors++;
    diag_emit(ctx->diag, DIAG_ERROR, span, msg, help);
}

void parse_comment(struct parse_ctx *ctx, struct dome_span span)
{
    if (ctx->n_comments == ctx->cap_comments) {
        size_t cap = ctx->cap_comments ? ctx->cap_comments * 2 : 16;
        ctx->comments =
            arena_grow(ctx->arena, ctx->comments, ctx->n_comments, cap, sizeof *ctx->comments);
        ctx->cap_comments = cap;
    }
    ctx->comments[ctx->n_comments++] = span;
}

int parse_file(struct arena *arena, struct intern *names, struct diag *diag,
               const struct src_file *src, uint32_t file, struct ast_file *out)
{
    struct parse_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = arena;
    ctx.names = names;
    ctx.diag = diag;
    ctx.file = file;
    ctx.text = src->text;
    ctx.len = (uint32_t)src->len;
    yyscan_t scanner;
    if (dome_yylex_init_extra(&ctx, &scanner) != 0) {
        diag_error(diag, DOME_NO_SPAN, NULL, "cannot start the scanner");
        return 1;
    }
    YY_BUFFER_STATE buf = dome_yy_scan_bytes(src->text, (int)src->len, scanner);
    dome_yyparse(scanner, &ctx);
    dome_yy_delete_buffer(buf, scanner);
    dome_yylex_destroy(scanner);
    out->file = file;
    out->items = ctx.items;
    out->comments = ctx.comments;
    out->n_comments = ctx.n_comments;
    out->n_syntax_errors = ctx.n_errors;
    return ctx.n_errors;
}
