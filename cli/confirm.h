/* Confirmations that guard what cannot be undone: the user types a word
 * (the stack's name) on a terminal; --yes stands in for it elsewhere. */
#ifndef DOME_CONFIRM_H
#define DOME_CONFIRM_H

#include <stdbool.h>

/* confirm_typed asks "what -- type WORD to confirm: " on the terminal and
 * is true only when the answer is WORD. With yes set it is true at once;
 * without a terminal it is false after saying that --yes is needed. */
bool confirm_typed(const char *cmd, const char *what, const char *word, bool yes);

#endif
