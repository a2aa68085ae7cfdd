/* Printing a stack's outputs for `domec stack output`. */
#include "cli/view/outputs_print.h"

#include <stdlib.h>

#include <cJSON.h>

/* outputs_print: see outputs_print.h. */
void outputs_print(FILE *out, const struct state *st, bool json)
{
    const cJSON *outs = cJSON_GetObjectItemCaseSensitive(st->root, "outputs");
    if (json) {
        char *s = outs ? cJSON_Print(outs) : NULL;
        fprintf(out, "%s\n", s ? s : "{}");
        free(s);
        return;
    }
    const cJSON *it;
    if (cJSON_GetArraySize(outs) == 0)
        fputs("no outputs (apply the stack first)\n", out);
    cJSON_ArrayForEach(it, outs)
    {
        if (cJSON_IsString(it)) {
            fprintf(out, "%s = %s\n", it->string, it->valuestring);
            continue;
        }
        char *s = cJSON_PrintUnformatted(it);
        fprintf(out, "%s = %s\n", it->string, s ? s : "null");
        free(s);
    }
}
