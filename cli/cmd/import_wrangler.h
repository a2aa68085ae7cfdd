/* `domec import --from-wrangler PATH...` (import_wrangler.c). */
#ifndef DOME_IMPORT_WRANGLER_H
#define DOME_IMPORT_WRANGLER_H

#include "cli/args.h"

/* import_from_wrangler runs the import for o; returns the exit code. */
int import_from_wrangler(const struct opts *o);

#endif
