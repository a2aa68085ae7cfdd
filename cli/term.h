/* The terminal: whether to colour output (no-color.org: a terminal, and
 * NO_COLOR unset or empty), and the colours the CLI uses. */
#ifndef DOME_TERM_H
#define DOME_TERM_H

#include <stdbool.h>

#define TERM_RESET  "\033[0m"
#define TERM_BOLD   "\033[1m"
#define TERM_GREEN  "\033[32m"
#define TERM_YELLOW "\033[33m"
#define TERM_CYAN   "\033[36m"
#define TERM_RED    "\033[31m"
#define TERM_BRED   "\033[1;31m"

/* term_color tells whether output on fd gets colour: fd is a terminal and
 * NO_COLOR is unset or empty. */
bool term_color(int fd);

#endif
