/* '/'-separated path folding for module names (see build_path.h). */
#include "runtime/build/build_path.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

/* build_path_dir: see build_path.h. */
char *build_path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

/* build_path_normalize: see build_path.h. Segments are kept as offsets
 * into a copy; ".." pops one unless nothing (or only "..") is left. */
char *build_path_normalize(const char *path)
{
    char *copy = xstrdup(path), *save = NULL;
    size_t n = 0, cap = strlen(path) / 2 + 2;
    const char **segs = xcalloc(cap, sizeof *segs);
    bool is_abs = path[0] == '/';
    for (char *s = strtok_r(copy, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (strcmp(s, ".") == 0)
            continue;
        if (strcmp(s, "..") == 0 && n > 0 && strcmp(segs[n - 1], "..") != 0) {
            n--;
            continue;
        }
        if (strcmp(s, "..") == 0 && is_abs)
            continue; /* "/.." is "/" */
        segs[n++] = s;
    }
    size_t len = 2;
    for (size_t i = 0; i < n; i++)
        len += strlen(segs[i]) + 1;
    char *out = xmalloc(len), *p = out;
    if (is_abs)
        *p++ = '/';
    for (size_t i = 0; i < n; i++) {
        size_t m = strlen(segs[i]);
        memcpy(p, segs[i], m);
        p += m;
        if (i + 1 < n)
            *p++ = '/';
    }
    if (p == out)
        *p++ = '.';
    *p = '\0';
    free(segs);
    free(copy);
    return out;
}

/* build_path_relative: see build_path.h. Strips the common leading
 * segments, then climbs once per segment of dir that is left. */
char *build_path_relative(const char *dir, const char *file)
{
    size_t common = 0, i = 0;
    for (; dir[i] && dir[i] == file[i]; i++)
        if (dir[i] == '/')
            common = i + 1;
    const char *dir_rest = dir + common, *rest = file + common;
    if (!dir[i] && (file[i] == '/' || !file[i])) { /* file is dir or inside it */
        dir_rest = dir + i;
        rest = file[i] ? file + i + 1 : file + i;
    }
    size_t ups = 0;
    for (const char *p = dir_rest; *p; p++)
        if (*p != '/' && (p == dir_rest || p[-1] == '/'))
            ups++;
    char *out = xmalloc(3 * ups + strlen(rest) + 2), *o = out;
    for (size_t k = 0; k < ups; k++) {
        memcpy(o, "../", 3);
        o += 3;
    }
    strcpy(o, rest);
    size_t n = strlen(out);
    if (n > 0 && out[n - 1] == '/')
        out[n - 1] = '\0';
    if (!out[0])
        strcpy(out, ".");
    return out;
}

/* build_path_under: see build_path.h. */
char *build_path_under(const char *dir, const char *file)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (strncmp(file, dir, n) != 0)
        return NULL;
    if (n == 1 && dir[0] == '/')
        return file[1] ? xstrdup(file + 1) : NULL;
    if (file[n] != '/' || !file[n + 1])
        return NULL;
    return xstrdup(file + n + 1);
}
