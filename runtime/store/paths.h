/* Every file under a program's .dome/ directory, named here and nowhere
 * else (docs/state.md):
 *
 *   DIR/.dome/
 *     <stack>.json                    the state            (DOME_STATE)
 *     <stack>.lock                    the stack lock       (DOME_LOCK)
 *     <stack>.journal                 the operation journal (DOME_JOURNAL)
 *     history/<stack>/<serial>.json   every state ever saved
 *     selected                        the default stack (`domec stack select`)
 *     api-budget                      the --api-budget shared by concurrent
 *                                     processes (runtime/net/cf_shared_budget.h)
 *
 * Atomic writes pass through "<file>.tmp.XXXXXX" beside their file, an
 * unpredictable name from mkostemp (fsutil.c), gone once the write is done;
 * the lock is written in place under its flock (lock.c). Every path returned is malloc'd
 * (allocation never fails: it aborts), and the caller frees it. */
#ifndef DOME_PATHS_H
#define DOME_PATHS_H

#include <stdbool.h>

#include "runtime/base/compiler.h"

#define DOME_DIR_NAME ".dome"

/* The per-stack files directly in .dome/. */
enum dome_file { DOME_STATE, DOME_LOCK, DOME_JOURNAL, DOME_N_STACK_FILES };

/* dome_dir returns "<prog_dir>/.dome". */
char *dome_dir(const char *prog_dir) WARN_UNUSED;

/* dome_stack_file returns "<dome>/<stack><suffix>" for file f, where dome is
 * a .dome directory (dome_dir's result, or a local store's dome). */
char *dome_stack_file(const char *dome, const char *stack, enum dome_file f) WARN_UNUSED;

/* dome_suffix returns f's suffix (".json", ".lock", ".journal"). */
const char *dome_suffix(enum dome_file f);

/* dome_history_dir returns "<dome>/history/<stack>". */
char *dome_history_dir(const char *dome, const char *stack) WARN_UNUSED;

/* dome_history_file returns "<dome>/history/<stack>/<serial>.json". */
char *dome_history_file(const char *dome, const char *stack, long serial) WARN_UNUSED;

/* dome_history_serial is true when name (a file name in a history
 * directory) is "<serial>.json"; *serial gets the number. */
bool dome_history_serial(const char *name, long *serial) WARN_UNUSED;

/* dome_selected_file returns "<dome>/selected". */
char *dome_selected_file(const char *dome) WARN_UNUSED;

/* dome_budget_file returns "<dome>/api-budget". */
char *dome_budget_file(const char *dome) WARN_UNUSED;

#endif
