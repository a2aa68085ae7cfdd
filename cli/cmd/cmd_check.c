/* domec check [DIR|FILE] [--stack NAME]: parse and check a program (and a
 * stack's config). Exit 0 clean, 1 errors in the input, 2 usage or I/O. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "lang/lang.h"

static int usage(FILE *out, int rc)
{
    fprintf(
        out,
        "usage: domec check [DIR|FILE] [--stack NAME]\n\n"
        "Checks the program in DIR (default .): every *.dome file directly in it.\n"
        "With --stack, also checks stacks/NAME.dome: required config values present,\n"
        "types right, physical names unique for that stack. Without --stack,\n"
        "physical names are computed for stack dev and config values that only a\n"
        "stack sets are not required.\n"
        "Exit codes: 0 clean, 1 errors in the program, 2 usage or I/O error.\n");
    return rc;
}

/* cmd_check implements `domec check`; returns the exit code. */
int cmd_check(int argc, char **argv)
{
    struct lang_options opt = {".", NULL, stderr, false};
    bool have_dir = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout, 0);
        if (!strcmp(argv[i], "--stack") && i + 1 < argc)
            opt.stack = argv[++i];
        else if (!strncmp(argv[i], "--stack=", 8))
            opt.stack = argv[i] + 8;
        else if (argv[i][0] != '-' && !have_dir)
            opt.dir = argv[i], have_dir = true;
        else
            return usage(stderr, 2);
    }
    if (opt.stack && !lang_stack_name_ok(opt.stack)) {
        fprintf(stderr, "domec check: invalid stack name '%s'\n  help: a stack name is "
                        LANG_STACK_NAME_RULE "\n", opt.stack);
        return 2;
    }
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
    opt.color = isatty(fileno(stderr)) && !getenv("NO_COLOR");
    int n_errors = 0;
    struct lang_unit *u = lang_load(&opt, &n_errors);
    lang_unit_free(u);
    return n_errors ? 1 : 0;
}
