/* Declarations of every command function listed in cli/commands.def. */
#ifndef DOME_COMMANDS_H
#define DOME_COMMANDS_H

#define DOMEC_VERSION "0.1.0"

#define CMD(name, fn, summary) int fn(int argc, char **argv);
#include "cli/commands.def"
#undef CMD

#endif
