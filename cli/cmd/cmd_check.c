/* domec check [DIR|FILE] [--stack NAME] [--format text|json|sarif]: parse
 * and check a program (and a stack's config). Exit 0 clean, 1 errors in the
 * program or stack, 2 usage or I/O. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/term.h"
#include "cli/view/check_report.h"
#include "cli/view/diag_read.h"
#include "lang/lang.h"
#include "runtime/build/build.h"
#include "runtime/build/migrations.h"

/* migrations_ok: a database's migrations directory can be read (every
 * .sql file in it too); reported at the database when not. */
static int migrations_ok(struct lang_unit *u, const struct ir_program *prog,
                         const struct ir_resource *res)
{
    struct migration *m;
    size_t n;
    char err[900];
    for (size_t i = 0; i < res->n_attrs; i++) {
        const struct ir_attr *a = &res->attrs[i];
        if (strcmp(a->name, "migrations") != 0 || a->value.type != IR_STRING)
            continue;
        if (migrations_read(prog->dir, a->value.u.s, &m, &n, err, sizeof err) != 0) {
            lang_report(u, "error", a->span, err,
                        "migrations names a directory of .sql files, relative to the program");
            return 1;
        }
        migrations_free(m, n);
    }
    return 0;
}

/* code_warnings: what each worker's upload would leave out (an import of
 * a file outside the main module's directory, a bare package with
 * bundle = false, ...), as warnings at the worker; a worker whose modules
 * cannot be read is an error. Returns the number of errors. */
static int code_warnings(struct lang_unit *u)
{
    const struct ir_program *prog = lang_ir(u);
    int n_errors = 0;
    for (size_t i = 0; prog && i < prog->n_resources; i++) {
        const struct ir_resource *res = &prog->resources[i];
        struct build_result b;
        char err[1500];
        if (res->kind == IR_DATABASE)
            n_errors += migrations_ok(u, prog, res);
        if (res->kind != IR_WORKER)
            continue;
        if (build_worker(prog->dir, res, BUILD_CHECK, &b, err, sizeof err) != 0) {
            lang_report(u, "error", res->span, err, NULL);
            n_errors++;
            continue;
        }
        for (size_t k = 0; k < b.n_warnings; k++)
            lang_report(u, "warning", res->span, b.warnings[k],
                        "Cloudflare rejects an upload whose imports do not resolve");
        build_result_free(&b);
    }
    return n_errors;
}

/* cmd_check implements `domec check`; returns the exit code. */
int cmd_check(struct opts *o)
{
    struct lang_options opt = {o->dir, o->stack, stderr, false}; /* no stack: names for dev */
    struct stat st;
    if (stat(opt.dir, &st) != 0) {
        fprintf(stderr, "domec: cannot open '%s': no such file or directory\n", opt.dir);
        return 2;
    }
    char **files = S_ISDIR(st.st_mode) ? lang_program_files(opt.dir) : NULL;
    bool empty = S_ISDIR(st.st_mode) && (!files || !files[0]);
    lang_free_list(files);
    if (empty) {
        fprintf(stderr,
                "domec: no .dome files in '%s'\n"
                "  a program is the *.dome files directly in a directory\n",
                opt.dir);
        return 2;
    }
    const char *format = o->json ? "json" : o->format ? o->format : "text";
    bool text = !strcmp(format, "text");
    char *diag_text = NULL;
    size_t diag_len = 0;
    FILE *kept = text ? NULL : open_memstream(&diag_text, &diag_len);
    if (!text && !kept) {
        fprintf(stderr, "domec check: out of memory\n");
        return EXIT_ENV;
    }
    opt.color = text && term_color(fileno(stderr));
    opt.diag_out = text ? stderr : kept;
    int n_errors = 0;
    struct lang_unit *u = lang_load(&opt, &n_errors);
    if (n_errors == 0)
        n_errors = code_warnings(u);
    lang_unit_free(u);
    if (text) {
        if (n_errors == 0 && isatty(fileno(stdout)))
            printf("ok: no errors in %s (%s)\n", o->dir,
                   o->stack ? o->stack : "no stack: physical names for dev");
        return n_errors ? EXIT_PROGRAM : EXIT_OK;
    }
    fclose(kept);
    cJSON *diags = diag_read(diag_text);
    cJSON *report = !strcmp(format, "sarif") ? check_report_sarif(diags, DOMEC_VERSION)
                                             : check_report_json(cJSON_Duplicate(diags, 1));
    if (!strcmp(format, "json"))
        fputs(diag_text, stderr); /* the readable form too */
    char *out = cJSON_Print(report);
    printf("%s\n", out ? out : "{}");
    free(out);
    cJSON_Delete(report);
    cJSON_Delete(diags);
    free(diag_text);
    o->json_reported = true;
    return n_errors ? EXIT_PROGRAM : EXIT_OK;
}
