/* toml_dump FILE: prints the wrangler configuration FILE (TOML or JSONC)
 * as JSON, or its error (exit 1). For tests/wrangler. */
#include <stdio.h>
#include <stdlib.h>

#include <cJSON.h>

#include "runtime/wrangler/wrangler_config.h"

int main(int argc, char **argv)
{
    char err[1024];
    if (argc != 2) {
        fprintf(stderr, "usage: toml_dump FILE\n");
        return 2;
    }
    cJSON *doc = wrangler_config_read(argv[1], err, sizeof err);
    if (!doc) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    char *text = cJSON_PrintUnformatted(doc);
    printf("%s\n", text);
    free(text);
    cJSON_Delete(doc);
    return 0;
}
