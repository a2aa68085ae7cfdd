/* Path arithmetic for module names: names are '/'-separated paths relative
 * to the main module's directory. */
#ifndef DOME_BUILD_PATH_H
#define DOME_BUILD_PATH_H

#include "runtime/base/compiler.h"

/* build_path_dir: the directory part of path ("." when none); malloc'd. */
char *build_path_dir(const char *path) WARN_UNUSED;

/* build_path_normalize: path with "." and ".." segments and repeated '/'
 * folded (a leading ".." of a relative path is kept); malloc'd. */
char *build_path_normalize(const char *path) WARN_UNUSED;

/* build_path_under: the name of the absolute path file relative to the
 * absolute directory dir, or NULL when file is not inside dir; malloc'd. */
char *build_path_under(const char *dir, const char *file) WARN_UNUSED;

/* build_path_relative: the absolute path file relative to the absolute
 * directory dir, with ".." where it leaves dir (like node's
 * path.relative); malloc'd. */
char *build_path_relative(const char *dir, const char *file) WARN_UNUSED;

#endif
