/* libFuzzer entry point over the state document's loader: state_parse
 * (runtime/store/state_check.c) on arbitrary bytes, for stack "dev". It
 * must never crash, leak or hang; a refusal must say why; and a document it
 * accepts, printed again, must be accepted again (what state_save writes,
 * the next state_open reads). A violation aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/store/state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks one input; returns 0 as libFuzzer requires. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1), err[1024] = "";
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cJSON *doc = state_parse(text, size, "dev", err, sizeof err);
    free(text);
    if (!doc) {
        if (!err[0]) {
            fprintf(stderr, "fuzz_state: refused without a reason\n");
            abort();
        }
        return 0;
    }
    char *again = cJSON_Print(doc);
    cJSON *doc2 = again ? state_parse(again, strlen(again), "dev", err, sizeof err) : NULL;
    if (again && !doc2) {
        fprintf(stderr, "fuzz_state: a saved state is refused: %s\n---\n%s\n---\n", err, again);
        abort();
    }
    cJSON_Delete(doc2);
    free(again);
    cJSON_Delete(doc);
    return 0;
}
