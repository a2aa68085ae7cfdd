/* libFuzzer entry point over lock_holder (runtime/store/lock.c), which
 * turns a lock file's text into the words shown on a terminal ("locked by
 * ..."). Whatever a planted lock file holds, the result must fit the buffer
 * (an exact-size heap buffer, so ASan sees any overrun), be NUL-terminated
 * and hold no control character: no C0 byte, no DEL, no C1 control
 * (U+0080..U+009F, 0xC2 0x80..0x9F in UTF-8). The first input byte picks a
 * small buffer size sometimes, to exercise truncation. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/store/lock.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const char *out, size_t cap)
{
    size_t n = strnlen(out, cap);
    if (n == cap) {
        fprintf(stderr, "fuzz_lock: output not terminated within %zu bytes\n", cap);
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        unsigned char d = (unsigned char)out[i + 1];
        if (c < 0x20 || c == 0x7f || (c == 0xc2 && d >= 0x80 && d <= 0x9f)) {
            fprintf(stderr, "fuzz_lock: control character 0x%02x at %zu in: %s\n", c, i, out);
            abort();
        }
    }
}

/* Describes one input; returns 0 as libFuzzer requires. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t cap = size > 0 && data[0] < 32 ? (size_t)data[0] + 1 : 400;
    char *text = malloc(size + 1), *out = malloc(cap);
    if (!text || !out) {
        free(text);
        free(out);
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    lock_holder(text, out, cap);
    check(out, cap);
    free(text);
    free(out);
    return 0;
}
