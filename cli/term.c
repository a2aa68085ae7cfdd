/* term_color (see cli/term.h). */
#include "cli/term.h"

#include <stdlib.h>
#include <unistd.h>

/* term_color: see cli/term.h. */
bool term_color(int fd)
{
    const char *no_color = getenv("NO_COLOR");
    return isatty(fd) && (!no_color || !*no_color);
}
