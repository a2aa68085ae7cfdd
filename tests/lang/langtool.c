/* langtool: test driver over lang/. Subcommands:
 *   set FILE [BLOCK] KEY VALUE  print FILE with KEY set in BLOCK (default
 *                        config) (stackfile_set)
 *   remove FILE [BLOCK] KEY     print FILE without KEY (stackfile_remove)
 *   list FILE BLOCK      print BLOCK's entries (stackfile_entries)
 *   get FILE BLOCK KEY   print KEY's entry (stackfile_get); 1 when unset
 *   decls DIR            print the program's config declarations
 *   kind SRC             print SRC's kind as a value (stackfile_value_kind)
 *   buffer FILE          check FILE in memory (lang_check_buffer), print the count
 *   ir DIR [STACK]       print the lowered IR as text
 *   color DIR            check DIR with colour forced on, diagnostics to stdout
 *   report DIR           lang_report a runtime error and a note against the
 *                        last resource, as the runtime does
 * Exit 0 on success, 1 on a NULL result or errors, 2 on usage. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/stackfile.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf)
        buf[*len] = '\0';
    return buf;
}

static void value(const struct ir_program *ir, const struct ir_value *v)
{
    switch (v->type) {
    case IR_STRING:
        printf("\"%s\"", v->u.s);
        break;
    case IR_INT:
        printf("%lld", (long long)v->u.i);
        break;
    case IR_NUMBER:
        printf("%.15g", v->u.d);
        break;
    case IR_BOOL:
        printf("%s", v->u.b ? "true" : "false");
        break;
    case IR_LIST:
        printf("[");
        for (size_t i = 0; i < v->u.list.n_items; i++) {
            printf(i ? ", " : "");
            value(ir, &v->u.list.items[i]);
        }
        printf("]");
        break;
    case IR_MAP:
        printf("{");
        for (size_t i = 0; i < v->u.map.n_entries; i++) {
            printf("%s%s = ", i ? ", " : "", v->u.map.keys[i]);
            value(ir, &v->u.map.values[i]);
        }
        printf("}");
        break;
    case IR_SECRET:
        printf("secret(%s, %s)", v->u.secret.config_key, v->u.secret.sealed ? "sealed" : "unset");
        break;
    case IR_REF:
        printf("ref(%s.%s%s%s)", ir_kind_name(ir->resources[v->u.ref.resource].kind),
               ir->resources[v->u.ref.resource].label, v->u.ref.attr ? "." : "",
               v->u.ref.attr ? v->u.ref.attr : "");
        break;
    default:
        printf("null");
    }
}

static void resource(const struct ir_program *ir, size_t i)
{
    const struct ir_resource *r = &ir->resources[i];
    printf("%zu %s %s name=%s%s%s%s%s\n", i, ir_kind_name(r->kind), r->label, r->name,
           r->protect ? " protect" : "", r->is_deleted ? " deleted" : "",
           r->existing ? " existing=" : "", r->existing ? r->existing : "");
    for (size_t a = 0; a < r->n_attrs; a++) {
        printf("  attr %s = ", r->attrs[a].name);
        value(ir, &r->attrs[a].value);
        printf("%s%s\n", r->attrs[a].forces_replace ? " replace" : "",
               r->attrs[a].is_default ? " default" : "");
    }
    for (size_t b = 0; b < r->n_bindings; b++) {
        const struct ir_binding *bd = &r->bindings[b];
        printf("  bind %s %s", bd->name, ir_binding_type_name(bd->type));
        if (bd->type <= IR_BIND_SERVICE)
            printf(" -> %s", ir->resources[bd->target].label);
        if (bd->type >= IR_BIND_PLAIN_TEXT) {
            printf(" = ");
            value(ir, &bd->value);
        }
        if (bd->has_delivery_delay)
            printf(" delivery_delay=%lld", (long long)bd->delivery_delay);
        printf("%s\n", bd->is_cyclic ? " cyclic" : "");
    }
    for (size_t c = 0; c < r->n_consumers; c++) {
        const struct ir_consumer *cs = &r->consumers[c];
        printf("  consumes %s batch=%lld retries=%lld wait=%lld concurrency=%lld retry_delay=%lld "
               "dlq=%s\n",
               ir->resources[cs->queue].label, (long long)cs->batch_size,
               (long long)cs->max_retries, (long long)cs->max_wait_ms,
               (long long)cs->max_concurrency, (long long)cs->retry_delay,
               cs->has_dead_letter ? ir->resources[cs->dead_letter].label : "-");
    }
    for (size_t c = 0; c < r->n_crons; c++)
        printf("  cron %s\n", r->crons[c]);
    if (r->main_path)
        printf("  main %s\n", r->main_path);
    printf("  deps");
    for (size_t d = 0; d < r->n_deps; d++)
        printf(" %zu", r->deps[d]);
    printf("\n");
}

static void stack_value(const struct stackfile_value *v, int depth)
{
    static const char *const kinds[] = {"other", "string", "secret", "int", "bool", "list"};
    printf("%s [%u,%u) %s", kinds[v->kind], v->span.start, v->span.end, v->src);
    if (v->text)
        printf(" => <%s>", v->text);
    else if (v->kind == STACKFILE_INT)
        printf(" => %lld", v->i);
    else if (v->kind == STACKFILE_BOOL)
        printf(" => %s", v->b ? "true" : "false");
    for (size_t i = 0; i < v->n_items; i++) {
        printf("\n%*sitem %zu: ", 4 * depth, "", i);
        stack_value(&v->items[i], depth + 1);
    }
}

static void entry(const struct stackfile_entry *e)
{
    printf("%s [%u,%u) = ", e->key, e->span.start, e->span.end);
    stack_value(&e->value, 1);
    printf("\n");
}

/* list / get over a parsed stack file; syntax errors go to stderr. */
static int stack_read(const char *path, const char *text, size_t len, const char *block,
                      const char *key)
{
    struct stackfile *sf = stackfile_parse(path, text, len, stderr, false);
    if (!sf)
        return 1;
    int rc = 0;
    if (key) {
        const struct stackfile_entry *e = stackfile_get(sf, block, key);
        if (e)
            entry(e);
        else
            printf("%s is not set in %s\n", key, block), rc = 1;
    } else {
        const struct stackfile_entry *list;
        size_t n = stackfile_entries(sf, block, &list);
        printf("%zu entries in %s\n", n, block);
        for (size_t i = 0; i < n; i++)
            entry(&list[i]);
    }
    stackfile_free(sf);
    return rc;
}

static int decls(const char *dir)
{
    struct stackfile_decl *d;
    long n = stackfile_decls(dir, &d);
    for (long i = 0; i < n; i++)
        printf("%s: %s%s%s\n", d[i].name, d[i].type, d[i].has_default ? " default" : "",
               d[i].is_secret ? " secret" : "");
    stackfile_decls_free(d, n);
    return n < 0 ? 1 : 0;
}

static int dump_ir(const char *dir, const char *stack)
{
    struct lang_options opt = {dir, stack, stderr, false};
    int n = 0;
    struct lang_unit *u = lang_load(&opt, &n);
    const struct ir_program *ir = lang_ir(u);
    if (ir) {
        printf("project %s stack %s account %s salt %s\n", ir->project, ir->stack,
               ir->account_id ? ir->account_id : "-", ir->secrets_salt ? ir->secrets_salt : "-");
        for (size_t i = 0; i < ir->n_resources; i++)
            resource(ir, i);
        for (size_t o = 0; o < ir->n_outputs; o++) {
            printf("output %s = ", ir->outputs[o].name);
            value(ir, &ir->outputs[o].value);
            printf("\n");
        }
    }
    lang_unit_free(u);
    return ir ? 0 : 1;
}

static int report(const char *dir)
{
    struct lang_options opt = {dir, NULL, stderr, false};
    int n = 0;
    struct lang_unit *u = lang_load(&opt, &n);
    const struct ir_program *ir = lang_ir(u);
    if (ir && ir->n_resources) {
        const struct ir_resource *r = &ir->resources[ir->n_resources - 1];
        lang_report(u, "error", r->span, "Cloudflare error 10021: script content is invalid",
                    "fix the worker's entry module");
        lang_report(u, "note", r->span, "the same resource again (not dropped)", NULL);
    }
    lang_unit_free(u);
    return ir ? 0 : 1;
}

int main(int argc, char **argv)
{
    size_t len = 0;
    bool has_file = argc > 2 && strcmp(argv[1], "ir") && strcmp(argv[1], "color") &&
                    strcmp(argv[1], "report") && strcmp(argv[1], "decls") &&
                    strcmp(argv[1], "kind");
    char *text = has_file ? slurp(argv[2], &len) : NULL;
    char *out = NULL;
    int rc = 2;
    if (argc == 5 && !strcmp(argv[1], "set") && text)
        out = stackfile_set(text, len, "config", argv[3], argv[4]), rc = 1;
    else if (argc == 6 && !strcmp(argv[1], "set") && text)
        out = stackfile_set(text, len, argv[3], argv[4], argv[5]), rc = 1;
    else if (argc == 4 && !strcmp(argv[1], "remove") && text)
        out = stackfile_remove(text, len, "config", argv[3]), rc = 1;
    else if (argc == 5 && !strcmp(argv[1], "remove") && text)
        out = stackfile_remove(text, len, argv[3], argv[4]), rc = 1;
    else if (argc == 4 && !strcmp(argv[1], "list") && text)
        rc = stack_read(argv[2], text, len, argv[3], NULL);
    else if (argc == 5 && !strcmp(argv[1], "get") && text)
        rc = stack_read(argv[2], text, len, argv[3], argv[4]);
    else if (argc == 3 && !strcmp(argv[1], "decls"))
        rc = decls(argv[2]);
    else if (argc == 3 && !strcmp(argv[1], "kind"))
        printf("%d\n", stackfile_value_kind(argv[2])), rc = 0;
    else if (argc == 3 && !strcmp(argv[1], "buffer") && text)
        printf("%d\n", rc = lang_check_buffer(argv[2], text, len, stderr));
    else if (argc == 3 && !strcmp(argv[1], "color")) {
        struct lang_options opt = {argv[2], NULL, stdout, true};
        int n = 0;
        lang_unit_free(lang_load(&opt, &n));
        rc = n ? 1 : 0;
    } else if (argc == 3 && !strcmp(argv[1], "report")) {
        rc = report(argv[2]);
    } else if ((argc == 3 || argc == 4) && !strcmp(argv[1], "ir"))
        rc = dump_ir(argv[2], argc == 4 ? argv[3] : NULL);
    if (out) {
        fputs(out, stdout);
        rc = 0;
    }
    free(out);
    free(text);
    return rc > 2 ? 1 : rc;
}
