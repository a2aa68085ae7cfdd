/* Source spans: where a construct sits in the program's files.
 * Plain values; no ownership. */
#ifndef DOME_SPAN_H
#define DOME_SPAN_H

#include <stdint.h>

struct dome_span {
    uint32_t file;  /* index into the program's file table; UINT32_MAX = no location */
    uint32_t start; /* byte offset of the first byte */
    uint32_t end;   /* byte offset one past the last byte; end >= start */
};

#define DOME_NO_SPAN ((struct dome_span){UINT32_MAX, 0, 0})

#endif
