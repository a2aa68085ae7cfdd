/* --json errors: a tee for stderr (glibc's fopencookie) and the JSON error
 * object made from what went through it. */
#define _GNU_SOURCE /* fopencookie */
#include "cli/json_errors.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <cJSON.h>

#include "cli/commands.h"
#include "cli/view/diag_read.h"

/* json_errors_wanted: see cli/json_errors.h. */
bool json_errors_wanted(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "--format=json") ||
            (!strcmp(argv[i], "--format") && i + 1 < argc && !strcmp(argv[i + 1], "json")))
            return true;
    return false;
}

static ssize_t tee_write(void *cookie, const char *buf, size_t size)
{
    struct json_errors *je = cookie;
    fwrite(buf, 1, size, je->real_stderr);
    fflush(je->real_stderr);
    fwrite(buf, 1, size, je->kept);
    return (ssize_t)size;
}

/* json_errors_start: see cli/json_errors.h. */
int json_errors_start(struct json_errors *je, FILE **err)
{
    memset(je, 0, sizeof *je);
    je->kept = open_memstream(&je->text, &je->len);
    if (!je->kept)
        return -1;
    cookie_io_functions_t io = {.write = tee_write};
    je->tee = fopencookie(je, "w", io);
    if (!je->tee) {
        fclose(je->kept);
        free(je->text);
        return -1;
    }
    setvbuf(je->tee, NULL, _IONBF, 0);
    je->real_stderr = *err;
    *err = je->tee;
    return 0;
}

/* Removes ANSI colour sequences (ESC [ ... letter) in place. */
static void strip_ansi(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '\033' && r[1] == '[') {
            r += 2;
            while (*r && !((*r >= 'A' && *r <= 'Z') || (*r >= 'a' && *r <= 'z')))
                r++;
            if (!*r)
                break;
            continue;
        }
        *w++ = *r;
    }
    *w = '\0';
}

static cJSON *error_object(char *text, const char *command, int exit_code)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(e, "command", command);
    cJSON_AddNumberToObject(e, "exit_code", exit_code);
    cJSON_AddStringToObject(e, "class", exit_code == EXIT_PROGRAM ? "program" : "environment");
    cJSON *details = cJSON_CreateArray();
    const char *message = NULL;
    char *save = NULL;
    strip_ansi(text);
    cJSON *diags = diag_read(text);
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ')
            line++;
        if (!*line)
            continue;
        if (!message)
            message = line;
        else
            cJSON_AddItemToArray(details, cJSON_CreateString(line));
    }
    cJSON_AddStringToObject(e, "message", message ? message : "failed (no message)");
    cJSON_AddItemToObject(e, "details", details);
    if (cJSON_GetArraySize(diags) > 0)
        cJSON_AddItemToObject(e, "diagnostics", diags);
    else
        cJSON_Delete(diags);
    return root;
}

/* json_errors_finish: see cli/json_errors.h. */
void json_errors_finish(struct json_errors *je, FILE **err, FILE *out, const char *command,
                        int exit_code)
{
    if (!je->tee)
        return;
    *err = je->real_stderr;
    fclose(je->tee);
    fclose(je->kept);
    if (exit_code == EXIT_PROGRAM || exit_code == EXIT_ENV) {
        cJSON *o = error_object(je->text ? je->text : (char[]){""}, command, exit_code);
        char *s = cJSON_PrintUnformatted(o);
        fflush(out);
        fprintf(out, "%s\n", s ? s : "{}");
        free(s);
        cJSON_Delete(o);
    }
    free(je->text);
    memset(je, 0, sizeof *je);
}
