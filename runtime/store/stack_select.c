/* Reads and writes .dome/selected, the default stack of a program directory. */
#include "runtime/store/stack_select.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/store/fsutil.h"
#include "runtime/store/paths.h"

static char *selected_path(const char *dir)
{
    char *dome = dome_dir(dir);
    char *path = dome_selected_file(dome);
    free(dome);
    return path;
}

/* stack_selected: see runtime/store/stack_select.h. */
char *stack_selected(const char *dir)
{
    char *path = selected_path(dir);
    char *text = fs_read_nofollow(path, NULL);
    free(path);
    if (!text)
        return NULL;
    text[strcspn(text, "\r\n")] = '\0';
    if (!text[0]) {
        free(text);
        return NULL;
    }
    return text;
}

/* stack_selected_into: see runtime/store/stack_select.h. */
int stack_selected_into(const char *dir, char *buf, size_t cap)
{
    char *sel = stack_selected(dir);
    if (cap)
        snprintf(buf, cap, "%s", sel && strlen(sel) < cap ? sel : "");
    free(sel);
    return cap && buf[0] ? 0 : -1;
}

/* stack_select_write: see runtime/store/stack_select.h. */
int stack_select_write(const char *dir, const char *name, char *err, size_t err_len)
{
    char *dome = dome_dir(dir);
    char *path = selected_path(dir);
    int rc = -1;
    if (!name)
        rc = unlink(path) == 0 || errno == ENOENT ? 0 : -1;
    else if (fs_mkdirs(dome) < 0)
        snprintf(err, err_len, "cannot create '%s': %s", dome, strerror(errno));
    else if (fs_private_dir(dome, err, err_len) != 0)
        rc = -1;
    else {
        char line[80];
        snprintf(line, sizeof line, "%s\n", name);
        rc = fs_write_atomic(path, line, strlen(line), 0644, err, err_len);
    }
    if (rc < 0 && !name)
        snprintf(err, err_len, "cannot remove '%s': %s", path, strerror(errno));
    free(dome);
    free(path);
    return rc;
}
