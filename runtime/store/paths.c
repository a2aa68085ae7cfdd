/* The .dome/ path table (paths.h): one place that spells every name. */
#include "runtime/store/paths.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

/* ORDER: enum dome_file. */
static const char *const suffixes[DOME_N_STACK_FILES] = {".json", ".lock", ".journal"};

/* dome_dir: see paths.h. */
char *dome_dir(const char *prog_dir)
{
    return xasprintf("%s/" DOME_DIR_NAME, prog_dir);
}

/* dome_suffix: see paths.h. */
const char *dome_suffix(enum dome_file f)
{
    assert((unsigned)f < DOME_N_STACK_FILES);
    return suffixes[f];
}

/* dome_stack_file: see paths.h. */
char *dome_stack_file(const char *dome, const char *stack, enum dome_file f)
{
    return xasprintf("%s/%s%s", dome, stack, dome_suffix(f));
}

/* dome_history_dir: see paths.h. */
char *dome_history_dir(const char *dome, const char *stack)
{
    return xasprintf("%s/history/%s", dome, stack);
}

/* dome_history_file: see paths.h. */
char *dome_history_file(const char *dome, const char *stack, long serial)
{
    return xasprintf("%s/history/%s/%ld.json", dome, stack, serial);
}

/* dome_history_serial: see paths.h. */
bool dome_history_serial(const char *name, long *serial)
{
    char *end;
    long s = strtol(name, &end, 10);
    if (end == name || strcmp(end, ".json") != 0)
        return false;
    *serial = s;
    return true;
}

/* dome_selected_file: see paths.h. */
char *dome_selected_file(const char *dome)
{
    return xasprintf("%s/selected", dome);
}

/* dome_budget_file: see paths.h. */
char *dome_budget_file(const char *dome)
{
    return xasprintf("%s/api-budget", dome);
}
