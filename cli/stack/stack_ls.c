/* domec stack ls: every stack with its last update time (state file mtime,
 * UTC) and resource count; the selected one is marked with '*'. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cJSON.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "runtime/store/paths.h"
#include "runtime/store/stack_select.h"
#include "runtime/base/xalloc.h"

struct row {
    const char *name;
    char updated[32]; /* ISO 8601 UTC, or "never" */
    int n_resources;  /* -1: the state is unreadable */
    long serial;
};

static void fill(struct store *s, struct row *r)
{
    char err[512];
    struct state st;
    int rc = s ? state_open_in(&st, s, r->name, err, sizeof err) : -1;
    snprintf(r->updated, sizeof r->updated, "never");
    if (rc == 0 && st.saved_at) {
        struct tm tm;
        gmtime_r(&st.saved_at, &tm);
        strftime(r->updated, sizeof r->updated, "%Y-%m-%dT%H:%M:%SZ", &tm);
    }
    if (!s) {
        r->n_resources = -1;
        r->serial = 0;
        return;
    }
    r->n_resources = rc == 0 ? stack_count_resources(&st) : -1;
    r->serial = rc == 0 ? state_serial(&st) : 0;
    state_close(&st);
}

static void print_json(struct row *rows, size_t n, const char *sel)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", rows[i].name);
        cJSON_AddBoolToObject(o, "selected", sel && !strcmp(sel, rows[i].name));
        if (strcmp(rows[i].updated, "never"))
            cJSON_AddStringToObject(o, "last_update", rows[i].updated);
        else
            cJSON_AddNullToObject(o, "last_update");
        cJSON_AddNumberToObject(o, "resources", rows[i].n_resources);
        cJSON_AddNumberToObject(o, "serial", (double)rows[i].serial);
        cJSON_AddItemToArray(a, o);
    }
    char *s = cJSON_Print(a);
    printf("%s\n", s ? s : "[]");
    free(s);
    cJSON_Delete(a);
}

/* stack_ls: see cli/commands.def. */
int stack_ls(struct opts *o)
{
    char err[1024];
    char **names = stack_names(o, err, sizeof err);
    if (!names) {
        fprintf(stderr, "domec stack ls: %s\n", err);
        return 2;
    }
    char *sel = stack_selected(o->dir);
    size_t n = 0;
    while (names && names[n])
        n++;
    struct row *rows = xcalloc(n + 1, sizeof *rows);
    for (size_t i = 0; rows && i < n; i++) {
        rows[i].name = names[i];
        fill(o->store, &rows[i]);
    }
    if (rows && o->json)
        print_json(rows, n, sel);
    else if (rows) {
        printf("%-20s %-22s %s\n", "NAME", "LAST UPDATE", "RESOURCES");
        for (size_t i = 0; i < n; i++) {
            char name[80];
            snprintf(name, sizeof name, "%s%s", rows[i].name,
                     sel && !strcmp(sel, rows[i].name) ? "*" : "");
            printf("%-20s %-22s %d\n", name, rows[i].updated, rows[i].n_resources);
        }
    }
    free(rows);
    free(sel);
    stack_names_free(names);
    return rows ? 0 : 2;
}
