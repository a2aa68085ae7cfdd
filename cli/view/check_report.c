/* check --json and check --format sarif (see check_report.h). */
#include "cli/view/check_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

#define SARIF_SCHEMA  "https://json.schemastore.org/sarif-2.1.0.json"
#define SARIF_RULE_ID "dome"

static int count(const cJSON *diags, const char *severity)
{
    int n = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, diags)
    {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(d, "severity");
        n += cJSON_IsString(s) && !strcmp(s->valuestring, severity);
    }
    return n;
}

/* check_report_json: see check_report.h. */
cJSON *check_report_json(cJSON *diags)
{
    cJSON *r = cJSON_CreateObject();
    int errors = count(diags, "error");
    cJSON_AddBoolToObject(r, "ok", errors == 0);
    cJSON_AddNumberToObject(r, "errors", errors);
    cJSON_AddNumberToObject(r, "warnings", count(diags, "warning"));
    cJSON_AddItemToObject(r, "diagnostics", diags);
    return r;
}

/* A file path as a URI reference: unreserved characters and '/' kept,
 * everything else percent-encoded. Caller frees. */
static char *uri_of(const char *path)
{
    size_t n = strlen(path);
    char *out = xmalloc(3 * n + 1), *w = out;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            *w++ = (char)*p;
        else
            w += sprintf(w, "%%%02X", *p);
    }
    *w = '\0';
    return out;
}

static cJSON *location(const cJSON *d)
{
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(d, "file");
    if (!cJSON_IsString(file))
        return NULL;
    cJSON *loc = cJSON_CreateObject();
    cJSON *phys = cJSON_AddObjectToObject(loc, "physicalLocation");
    char *uri = uri_of(file->valuestring);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(phys, "artifactLocation"), "uri",
                            uri ? uri : "");
    free(uri);
    cJSON *region = cJSON_AddObjectToObject(phys, "region");
    static const char *const fields[][2] = {
        {"line", "startLine"}, {"column", "startColumn"}, {"end_column", "endColumn"}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, fields[i][0]);
        if (cJSON_IsNumber(v))
            cJSON_AddNumberToObject(region, fields[i][1], v->valuedouble);
    }
    return loc;
}

static cJSON *result(const cJSON *d)
{
    const char *sev = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "severity"));
    const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "message"));
    const char *help = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "help"));
    char text[2048];
    snprintf(text, sizeof text, help ? "%s (help: %s)" : "%s", msg ? msg : "", help);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "ruleId", SARIF_RULE_ID);
    cJSON_AddStringToObject(r, "level",
                            sev && !strcmp(sev, "warning") ? "warning"
                            : sev && !strcmp(sev, "note")  ? "note"
                                                           : "error");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "message"), "text", text);
    cJSON *loc = location(d);
    if (loc)
        cJSON_AddItemToArray(cJSON_AddArrayToObject(r, "locations"), loc);
    return r;
}

/* check_report_sarif: see check_report.h. */
cJSON *check_report_sarif(const cJSON *diags, const char *version)
{
    cJSON *log = cJSON_CreateObject();
    cJSON_AddStringToObject(log, "$schema", SARIF_SCHEMA);
    cJSON_AddStringToObject(log, "version", "2.1.0");
    cJSON *run = cJSON_CreateObject();
    cJSON_AddItemToArray(cJSON_AddArrayToObject(log, "runs"), run);
    cJSON *driver = cJSON_AddObjectToObject(cJSON_AddObjectToObject(run, "tool"), "driver");
    cJSON_AddStringToObject(driver, "name", "domec");
    cJSON_AddStringToObject(driver, "version", version);
    cJSON *rule = cJSON_CreateObject();
    cJSON_AddStringToObject(rule, "id", SARIF_RULE_ID);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(rule, "shortDescription"), "text",
                            "an error in a .dome program or stack file");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(driver, "rules"), rule);
    cJSON *results = cJSON_AddArrayToObject(run, "results");
    const cJSON *d;
    cJSON_ArrayForEach(d, diags) cJSON_AddItemToArray(results, result(d));
    return log;
}
