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
    opt.color = isatty(fileno(stderr)) && !getenv("NO_COLOR");
    int n_errors = 0;
    struct lang_unit *u = lang_load(&opt, &n_errors);
    lang_unit_free(u);
    return n_errors ? 1 : 0;
}
