/* libFuzzer entry point over the .dome formatter: formats each input and
 * asserts what `domec fmt` promises, that formatting is idempotent and that
 * its output parses. A violation aborts, which libFuzzer reports as a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/fmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints what broke the promise, with both texts, and aborts. */
static void fail(const char *what, const char *once, const char *twice)
{
    fprintf(stderr, "fuzz_fmt: %s\n--- fmt(input):\n%s\n--- fmt(fmt(input)):\n%s\n---\n", what,
            once, twice ? twice : "(NULL: syntax errors)");
    abort();
}

/* Formats data[0..size); when that succeeds, formats the result again and
 * requires the same text. Inputs with syntax errors (NULL) are fine. Returns
 * 0 as libFuzzer requires. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *once = fmt_source("fuzz.dome", (const char *)data, size, NULL);
    if (!once)
        return 0;
    char *twice = fmt_source("fuzz.dome", once, strlen(once), NULL);
    if (!twice)
        fail("formatted output does not parse", once, NULL);
    if (strcmp(once, twice) != 0)
        fail("formatting is not idempotent", once, twice);
    free(twice);
    free(once);
    return 0;
}
