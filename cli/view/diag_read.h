/* Reading diagnostics back from their printed form (lang/diag.c, STYLE.md:
 * "path:line:col: severity: message", the source line, the carets, an
 * optional "= help: ..." line), for the machine-readable outputs: check
 * --json, check --format sarif and the --json error object. The text
 * format is the one contract; reading it back keeps lang/ unaware of
 * JSON and SARIF. */
#ifndef DOME_DIAG_READ_H
#define DOME_DIAG_READ_H

#include <stddef.h>

#include <cJSON.h>

/* diag_read parses text (colour already off) and returns a JSON array of
 * {"file", "line", "column", "end_column", "severity", "message", "help"}
 * (file, line and columns absent for a diagnostic without a place; help
 * absent when there is none). Lines that are not part of a diagnostic are
 * skipped. Caller deletes. */
cJSON *diag_read(const char *text);

#endif
