/* Man pages generated from the command table: domec(1), one page per
 * command and group (domec-apply(1), domec-stack-init(1)), for `domec help
 * --man` and `make man`. */
#ifndef DOME_MAN_PAGE_H
#define DOME_MAN_PAGE_H

#include <stdio.h>

/* man_page writes the troff page of table entry id (CMD_domec: domec(1)). */
void man_page(FILE *out, int id);

#endif
