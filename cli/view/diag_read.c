/* diag_read: printed diagnostics back into records (see diag_read.h). */
#include "cli/view/diag_read.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

static const char *const severities[] = {"error", "warning", "note"};

/* The severity word of a head line and where its message starts: the line
 * holds ": SEVERITY: " (or starts with "SEVERITY: " after "domec: "). */
static const char *find_severity(const char *line, const char **sev, const char **msg)
{
    for (size_t i = 0; i < sizeof severities / sizeof severities[0]; i++) {
        char pat[32];
        snprintf(pat, sizeof pat, ": %s: ", severities[i]);
        const char *at = strstr(line, pat);
        if (at) {
            *sev = severities[i];
            *msg = at + strlen(pat);
            return at;
        }
    }
    return NULL;
}

/* Reads "path:line:col" in [line, end) into the record; false when the
 * text before the severity is not a place (e.g. "domec"). */
static bool read_place(cJSON *rec, const char *line, const char *end)
{
    const char *c2 = end, *c1;
    while (c2 > line && c2[-1] != ':')
        c2--;
    if (c2 == line)
        return false;
    c1 = c2 - 1;
    while (c1 > line && c1[-1] != ':')
        c1--;
    if (c1 == line)
        return false;
    char *e1, *e2;
    long ln = strtol(c1, &e1, 10), col = strtol(c2, &e2, 10);
    if (e1 != c2 - 1 || e2 != end || ln < 1 || col < 1)
        return false;
    char *file = xstrndup(line, (size_t)(c1 - 1 - line));
    cJSON_AddStringToObject(rec, "file", file);
    free(file);
    cJSON_AddNumberToObject(rec, "line", (double)ln);
    cJSON_AddNumberToObject(rec, "column", (double)col);
    return true;
}

static cJSON *head_line(const char *line)
{
    const char *sev, *msg;
    const char *at = find_severity(line, &sev, &msg);
    if (!at)
        return NULL;
    cJSON *rec = cJSON_CreateObject();
    if (!read_place(rec, line, at) && strncmp(line, "domec", 5) != 0) {
        cJSON_Delete(rec);
        return NULL;
    }
    cJSON_AddStringToObject(rec, "severity", sev);
    cJSON_AddStringToObject(rec, "message", msg);
    return rec;
}

/* A caret line "      |    ^^^": the end column is the column after the
 * last caret (columns counted from the source text after "| "). */
static void caret_line(cJSON *rec, const char *line)
{
    const char *bar = strchr(line, '|');
    const char *first = strchr(line, '^');
    const cJSON *col = cJSON_GetObjectItemCaseSensitive(rec, "column");
    if (!bar || !first || !cJSON_IsNumber(col) || cJSON_GetObjectItem(rec, "end_column"))
        return;
    size_t n = strspn(first, "^");
    cJSON_AddNumberToObject(rec, "end_column", col->valuedouble + (double)n);
}

/* diag_read: see diag_read.h. */
cJSON *diag_read(const char *text)
{
    cJSON *all = cJSON_CreateArray();
    cJSON *last = NULL;
    char *copy = xstrdup(text ? text : ""), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        cJSON *rec = head_line(line);
        const char *trim = line + strspn(line, " ");
        if (rec) {
            cJSON_AddItemToArray(all, rec);
            last = rec;
        } else if (last && !strncmp(trim, "= help: ", 8)) {
            cJSON_AddStringToObject(last, "help", trim + 8);
        } else if (last && trim[0] == '|') {
            caret_line(last, trim);
        } else if (!(last && trim[0] >= '0' && trim[0] <= '9' && strstr(trim, " | "))) {
            last = NULL; /* any other line ends the diagnostic */
        }
    }
    free(copy);
    return all;
}
