/* domec stack import < FILE: replaces the stack's state with an exported one.
 * A serial at least as new as the current one is written as is (so export,
 * import, export gives the same bytes); an older one needs --force and is
 * saved as a new serial, keeping history intact. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"

/* Writes text as the current state and as history entry serial. */
static int write_as_is(struct state *st, const char *text, size_t len, long serial)
{
    char err[1024];
    if (state_save_text(st, text, len, serial, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "domec stack import: %s\n", err);
    return -1;
}

static int import_doc(const struct opts *o, struct state *st, cJSON *doc, const char *text,
                      size_t len)
{
    long cur = state_serial(st);
    long serial = (long)cJSON_GetObjectItemCaseSensitive(doc, "serial")->valuedouble;
    const char *from = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "stack"));
    bool same_stack = !from || !strcmp(from, o->stack);
    if (serial >= cur && same_stack) {
        if (write_as_is(st, text, len, serial) != 0)
            return 2;
        fprintf(stderr, "imported state serial %ld into stack '%s'\n", serial, o->stack);
        return 0;
    }
    if (!o->force && serial < cur) {
        fprintf(stderr,
                "domec stack import: the file holds serial %ld, older than the "
                "current serial %ld of stack '%s'\n  help: add --force to restore it "
                "anyway (saved as serial %ld)\n",
                serial, cur, o->stack, cur + 1);
        return 1;
    }
    cJSON_ReplaceItemInObject(doc, "serial", cJSON_CreateNumber((double)cur));
    cJSON_ReplaceItemInObject(doc, "stack", cJSON_CreateString(o->stack));
    stack_stamp(doc, "stack import --force", cur + 1);
    stack_replace_doc(st, doc);
    if (stack_save("stack import", st) != 0)
        return 2;
    fprintf(stderr, "imported state serial %ld into stack '%s' as serial %ld\n", serial, o->stack,
            state_serial(st));
    return -1; /* ok; doc now belongs to st */
}

/* stack_import: see cli/commands.def. */
int stack_import(struct opts *o)
{
    int rc;
    size_t len;
    char *text = stack_read_stdin(&len);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    if (!doc) {
        fprintf(stderr, "domec stack import: standard input is not valid JSON\n  help: give "
                        "it a file written by `domec stack export`\n");
        free(text);
        return 1;
    }
    struct lock lk = {0};
    struct state st;
    rc = 1;
    if (stack_valid_doc(doc, o->stack, o->force) == 0) {
        rc = stack_open_locked("stack import", o, o->stack, &lk, &st) == 0 ? 0 : 2;
        if (rc == 0) {
            rc = import_doc(o, &st, doc, text, len);
            doc = rc < 0 ? NULL : doc;
            rc = rc < 0 ? 0 : rc;
            state_close(&st);
            lock_release(&lk);
        }
    }
    cJSON_Delete(doc);
    free(text);
    return rc;
}
