/* Shell completion, from the command table: `domec help --complete --
 * WORDS...` prints the candidates for the last word (the one being typed)
 * after the others, one per line; the bash, zsh and fish scripts that
 * `domec help --completion SHELL` prints only call it. Candidates: the
 * commands and subcommands, a command's options, the words of an
 * OPT_CHOICE, the program's stacks (--stack, NAME), resource addresses
 * (--target, kind.label), declared config keys (KEY) and command names
 * (help); "__files__" or "__dirs__" ask the shell for paths. */
#ifndef DOME_COMPLETE_H
#define DOME_COMPLETE_H

#include <stdio.h>

/* complete_words prints the candidates for words[n-1] (n >= 1; "" when a
 * new word starts) to out. */
void complete_words(FILE *out, const char *const *words, int n);

/* complete_script prints the completion script for shell ("bash", "zsh"
 * or "fish"). Returns 0, or -1 for another shell. */
int complete_script(FILE *out, const char *shell);

#endif
