/* The program's source files: text, path and line table. Text and tables
 * live in the table's arena; a file index is what dome_span.file holds. */
#ifndef DOME_SOURCE_H
#define DOME_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "lang/arena.h"

struct src_file {
    const char *path; /* as shown in diagnostics */
    const char *text; /* NUL-terminated copy; len bytes */
    size_t len;
    uint32_t *lines; /* byte offset where each line starts; lines[0] == 0 */
    size_t n_lines;  /* >= 1 */
};

struct src_table {
    struct arena *arena;
    struct src_file *files;
    size_t n;
    size_t cap;
};

/* src_init prepares an empty table backed by arena. */
void src_init(struct src_table *t, struct arena *arena);

/* src_add copies text[0..len) as a new file called path; returns its index. */
uint32_t src_add(struct src_table *t, const char *path, const char *text, size_t len);

/* src_read reads path into the table. Returns the index, or -1 with errno set. */
int64_t src_read(struct src_table *t, const char *path);

/* src_line_col turns a byte offset into a 1-based line and a 1-based column
 * counted in UTF-8 characters (a byte that is not valid UTF-8 counts as one;
 * a byte-order mark that starts the file counts as none). */
void src_line_col(const struct src_file *f, uint32_t off, unsigned *line, unsigned *col);

/* src_char_len returns the length (1 to 4) of the valid UTF-8 character
 * at s, which has n > 0 bytes left, or 0 if s[0] does not start one. */
size_t src_char_len(const char *s, size_t n);

/* src_line returns the start offset of line (1-based) and its length
 * without the newline; line 1 starts after a byte-order mark. */
uint32_t src_line(const struct src_file *f, unsigned line, size_t *len);

#endif
