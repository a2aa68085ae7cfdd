/* domec stack export > FILE and domec stack import < FILE: the stack's state
 * as a backup, byte for byte (secrets stay sealed: state holds only keyed
 * hashes). Importing a serial older than the current one needs --force. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "runtime/store/store.h"
#include "runtime/base/xalloc.h"

/* stack_export: see cli/commands.def. */
int stack_export(struct opts *o)
{
    char err[1024], where[600];
    size_t len = 0;
    char *text = NULL;
    if (!opts_store(o))
        return 2;
    if (o->store->ops->load(o->store, o->stack, &text, &len, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "domec stack export: %s\n", err);
        return 2;
    }
    int rc = 0;
    store_state_name(o->store, o->stack, where, sizeof where);
    if (!text)
        fprintf(stderr,
                "domec stack export: stack '%s' has no state yet (%s)\n  help: run "
                "`domec apply --stack %s` first, or check --dir\n",
                o->stack, where, o->stack);
    else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
        rc = 2;
    free(text);
    return text ? rc : 1;
}

/* stack_read_stdin reads all of stdin (malloc'd, NUL-terminated; caller
 * frees); NULL when out of memory. */
char *stack_read_stdin(size_t *len)
{
    size_t cap = 65536, n = 0, r;
    char *buf = xmalloc(cap);
    while (buf && (r = fread(buf + n, 1, cap - n - 1, stdin)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *b = xrealloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* stack_valid_doc checks that doc is a state for stack (another stack's only
 * with force); prints why not and returns -1, else 0. */
int stack_valid_doc(const cJSON *doc, const char *stack, bool force)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "version");
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(doc, "stack");
    const char *why =
        !cJSON_IsObject(doc)                                 ? "it is not a JSON object"
        : !cJSON_IsNumber(v) || v->valueint != STATE_VERSION ? "its \"version\" is not 1"
        : !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "serial")) ? "it has no \"serial\""
        : !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "resources"))
            ? "it has no \"resources\" object"
            : NULL;
    if (why) {
        fprintf(stderr,
                "domec stack import: standard input is not a domec state: %s\n  help: "
                "give it a file written by `domec stack export`\n",
                why);
        return -1;
    }
    if (cJSON_IsString(s) && strcmp(s->valuestring, stack) && !force) {
        fprintf(stderr,
                "domec stack import: the state is of stack '%s', not '%s'\n  help: "
                "add --force to import it into '%s' anyway\n",
                s->valuestring, stack, stack);
        return -1;
    }
    return 0;
}
