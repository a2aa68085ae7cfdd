/* confirm_typed: a typed word, not a y, for what cannot be undone. */
#include "cli/confirm.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* confirm_typed: see confirm.h. */
bool confirm_typed(const char *cmd, const char *what, const char *word, bool yes)
{
    char line[256];
    if (yes)
        return true;
    if (!isatty(0)) {
        fprintf(stderr,
                "domec %s: refusing without confirmation: %s\n  help: stdin is not a "
                "terminal; pass --yes to proceed\n",
                cmd, what);
        return false;
    }
    fprintf(stderr, "%s\nType '%s' to confirm: ", what, word);
    fflush(stderr);
    if (!fgets(line, sizeof line, stdin))
        return false;
    line[strcspn(line, "\r\n")] = '\0';
    if (strcmp(line, word) == 0)
        return true;
    fprintf(stderr, "domec %s: '%s' is not '%s'; nothing was changed\n", cmd, line, word);
    return false;
}
