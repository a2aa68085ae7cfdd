/* The machine-readable reports of `domec check`: the JSON report and the
 * SARIF 2.1.0 log code-scanning tools read, both made from the records
 * cli/view/diag_read.c reads back from the diagnostics. */
#ifndef DOME_CHECK_REPORT_H
#define DOME_CHECK_REPORT_H

#include <cJSON.h>

/* check_report_json returns {"ok", "errors", "warnings", "diagnostics"}
 * for the records diags (taken over). Caller deletes. */
cJSON *check_report_json(cJSON *diags);

/* check_report_sarif returns a SARIF 2.1.0 log with one run of tool domec
 * version, one result per record of diags (not taken over). Caller
 * deletes. */
cJSON *check_report_sarif(const cJSON *diags, const char *version);

#endif
