/* Shared between the files of runtime/build/: the pieces of a build
 * result the collectors fill. Not for use outside runtime/build/. */
#ifndef DOME_BUILD_INT_H
#define DOME_BUILD_INT_H

#include "runtime/build/build.h"
#include "runtime/base/compiler.h"

/* Where a worker's modules come from. */
struct build_src {
    const char *label;    /* the worker's label, for messages */
    const char *prog_dir; /* absolute, symlinks resolved */
    const char *main;     /* the main module, absolute, symlinks resolved */
    const char *main_dir; /* its directory: module names are relative to it */
    const char *main_rel; /* main as the program wrote it, relative to prog_dir */
};

/* build_add_module appends a module (takes data; copies name and source). */
void build_add_module(struct build_result *r, const char *name, const char *content_type,
                      char *data, size_t len, const char *source);

/* build_warn appends a formatted warning. */
void build_warn(struct build_result *r, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* build_collect: the unbundled upload (main plus every reachable module). */
int build_collect(const struct build_src *src, struct build_result *out, char *err,
                  size_t err_len) WARN_UNUSED;

/* build_esbuild: the bundled upload. compat_date may be NULL. */
int build_esbuild(const struct build_src *src, bool node_external, bool source_maps,
                  const char *compat_date, struct build_result *out, char *err,
                  size_t err_len) WARN_UNUSED;

#endif
