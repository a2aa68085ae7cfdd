/* libFuzzer entry point over the .dome front end: parses and checks one
 * in-memory file as a whole program, diagnostics rendered to /dev/null.
 * A crash, sanitizer report, leak or hang here is a bug in lang/. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lang/lang.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks data[0..size) as the program "fuzz.dome". The bytes are passed as
 * they are (not NUL-terminated, any byte values), so a read past `size` is
 * an ASan report. Diagnostics are printed, to exercise the renderer, into
 * /dev/null. Returns 0 as libFuzzer requires; aborts if /dev/null cannot
 * be opened, since no input could then be tested. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *sink = fopen("/dev/null", "w");
    if (!sink) {
        perror("fuzz_check: /dev/null");
        abort();
    }
    (void)lang_check_buffer("fuzz.dome", (const char *)data, size, sink);
    fclose(sink);
    return 0;
}
