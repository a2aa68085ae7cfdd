/* The Durable Object classes a worker hosts once every step of its
 * wrangler [[migrations]] ran, read by `domec import --from-wrangler`. */
#ifndef DOME_WRANGLER_CLASSES_H
#define DOME_WRANGLER_CLASSES_H

#include <cJSON.h>

#include "runtime/base/compiler.h"

/* wr_classes_after returns {class: storage} (caller deletes): classes of
 * new_sqlite_classes are "sqlite", of new_classes "kv"; a renamed class
 * (renamed_classes {from, to}) keeps its storage; deleted_classes are
 * gone. */
cJSON *wr_classes_after(const cJSON *migrations) WARN_UNUSED;

#endif
