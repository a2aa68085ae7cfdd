/* Where a stack file lives, reading it (and parsing it with the front end,
 * which reports its syntax errors) and writing it back atomically. */
#include "cli/stackfile/stackcfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/term.h"
#include "lang/stackfile.h"
#include "runtime/store/fsutil.h"
#include "runtime/base/xalloc.h"

/* stackcfg_path: see cli/stackfile/stackcfg.h. */
char *stackcfg_path(const char *dir, const char *stack)
{
    size_t n = strlen(dir) + strlen(stack) + 16;
    char *p = xmalloc(n);
    if (p)
        snprintf(p, n, "%s/stacks/%s.dome", dir, stack);
    return p;
}

/* stackcfg_load: see cli/stackfile/stackcfg.h. */
int stackcfg_load(const char *dir, const char *stack, char **text, bool *exists, char *err,
                  size_t err_len)
{
    char *path = stackcfg_path(dir, stack);
    *text = path ? fs_read_all(path, NULL) : NULL;
    *exists = *text != NULL;
    if (!*text && path && errno == ENOENT)
        *text = xstrdup("");
    if (!*text)
        snprintf(err, err_len, "cannot read '%s': %s", path ? path : stack, strerror(errno));
    free(path);
    return *text ? 0 : -1;
}

/* stackcfg_store: see cli/stackfile/stackcfg.h. */
int stackcfg_store(const char *dir, const char *stack, const char *text, char *err, size_t err_len)
{
    char *sdir = fs_join(dir, "stacks");
    char *path = stackcfg_path(dir, stack);
    int rc = -1;
    if (!sdir || !path)
        snprintf(err, err_len, "out of memory");
    else if (fs_mkdirs(sdir) < 0)
        snprintf(err, err_len, "cannot create '%s': %s", sdir, strerror(errno));
    else
        rc = fs_write_atomic(path, text, strlen(text), 0644, err, err_len);
    free(sdir);
    free(path);
    return rc;
}

/* stackcfg_parse: see cli/stackfile/stackcfg.h. */
struct stackfile *stackcfg_parse(const char *cmd, const char *dir, const char *stack,
                                 const char *text)
{
    char *path = stackcfg_path(dir, stack);
    bool color = term_color(fileno(stderr));
    struct stackfile *sf =
        stackfile_parse(path ? path : "stack file", text, strlen(text), stderr, color);
    if (!sf)
        fprintf(stderr,
                "domec %s: stacks/%s.dome has syntax errors; it was left unchanged\n"
                "  help: fix them and run the command again\n",
                cmd, stack);
    free(path);
    return sf;
}
