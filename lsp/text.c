/* LSP positions (line, character) and byte offsets. A character counts
 * UTF-16 code units unless the client agreed to UTF-8 at initialize; a
 * byte that is not valid UTF-8 counts as one unit, as in diagnostics. */
#include "lsp/server.h"

/* Units one character of n bytes takes. */
static uint32_t units(size_t n, bool utf8)
{
    return utf8 ? (uint32_t)n : n == 4 ? 2 : 1;
}

static size_t char_bytes(const char *s, size_t left)
{
    size_t k = src_char_len(s, left);
    return k ? k : 1;
}

uint32_t text_offset(const char *text, size_t len, uint32_t line, uint32_t ch, bool utf8)
{
    size_t i = 0;
    for (uint32_t l = 0; l < line && i < len; i++)
        if (text[i] == '\n')
            l++;
    for (uint32_t u = 0; i < len && text[i] != '\n' && u < ch;) {
        size_t k = char_bytes(text + i, len - i);
        u += units(k, utf8);
        i += k;
    }
    return (uint32_t)i;
}

void text_line_char(const struct src_file *f, uint32_t off, bool utf8, uint32_t *line,
                    uint32_t *character)
{
    size_t lo = 0, hi = f->n_lines;
    if (off > f->len)
        off = (uint32_t)f->len;
    while (hi - lo > 1) { /* the last line starting at or before off */
        size_t mid = (lo + hi) / 2;
        if (f->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t ch = 0;
    for (size_t i = f->lines[lo]; i < off;) {
        size_t k = char_bytes(f->text + i, f->len - i);
        ch += units(k, utf8);
        i += k;
    }
    *line = (uint32_t)lo;
    *character = ch;
}

cJSON *text_position(const struct src_file *f, uint32_t off, bool utf8)
{
    uint32_t line, ch;
    text_line_char(f, off, utf8, &line, &ch);
    cJSON *p = cJSON_CreateObject();
    cJSON_AddNumberToObject(p, "line", line);
    cJSON_AddNumberToObject(p, "character", ch);
    return p;
}

cJSON *text_range(const struct src_file *f, uint32_t start, uint32_t end, bool utf8)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(r, "start", text_position(f, start, utf8));
    cJSON_AddItemToObject(r, "end", text_position(f, end < start ? start : end, utf8));
    return r;
}

/* A non-negative integer member of o that fits 32 bits, or false. */
static bool get_u32(const cJSON *o, const char *name, uint32_t *v)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(n) || n->valuedouble < 0 || n->valuedouble > 4294967295.0)
        return false;
    *v = (uint32_t)n->valuedouble;
    return true;
}

bool text_param_offset(const cJSON *params, const char *text, size_t len, bool utf8, uint32_t *off)
{
    return text_pos_offset(cJSON_GetObjectItemCaseSensitive(params, "position"), text, len, utf8,
                           off);
}

bool text_pos_offset(const cJSON *pos, const char *text, size_t len, bool utf8, uint32_t *off)
{
    uint32_t line, ch;
    if (!get_u32(pos, "line", &line) || !get_u32(pos, "character", &ch))
        return false;
    *off = text_offset(text, len, line, ch, utf8);
    return true;
}
