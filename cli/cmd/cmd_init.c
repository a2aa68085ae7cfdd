/* domec init [DIR]: scaffolds a small program that checks clean (a worker
 * with a queue and a bucket, its code, a dev stack and a .gitignore), then
 * says what to run next. Never overwrites: a directory that already holds a
 * program, or any of the files, is refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "lang/lang.h"
#include "runtime/store/fsutil.h"

#define PROJECT_MAX 32 /* leaves room for the label and the stack in a 63-character name */

static const char main_dome[] =
    "# %s: a worker that takes requests, keeps files in a bucket and hands\n"
    "# slow work to a queue. `domec check` checks it; `domec preview --stack dev`\n"
    "# shows what `domec apply --stack dev` would create.\n"
    "project \"%s\" {\n"
    "  naming = \"${project}-${name}-${stack}\"\n"
    "}\n"
    "\n"
    "config log_level: string = \"info\"\n"
    "\n"
    "bucket files {}\n"
    "\n"
    "queue jobs {}\n"
    "\n"
    "worker api {\n"
    "  main               = \"src/index.js\" # relative to this directory\n"
    "  compatibility_date = \"2025-04-15\"\n"
    "  bindings {\n"
    "    FILES = bucket.files\n"
    "    JOBS  = queue.jobs # producer binding\n"
    "  }\n"
    "  vars { LOG_LEVEL = config.log_level }\n"
    "}\n"
    "\n"
    "output api_name = worker.api.name\n";

static const char index_js[] =
    "// api: stores the request body in the bucket and queues a job about it.\n"
    "export default {\n"
    "  async fetch(request, env) {\n"
    "    const key = crypto.randomUUID();\n"
    "    await env.FILES.put(key, request.body);\n"
    "    await env.JOBS.send({ key });\n"
    "    if (env.LOG_LEVEL === \"debug\") console.log(`stored ${key}`);\n"
    "    return Response.json({ key });\n"
    "  },\n"
    "};\n";

static const char dev_dome[] =
    "# Stack dev: its config values. `domec config set KEY VALUE --stack dev`\n"
    "# changes them; commit this file.\n"
    "config {\n"
    "  log_level = \"debug\"\n"
    "}\n";

static const char gitignore[] =
    "# Commit: *.dome, stacks/*.dome (config values; secrets in them are sealed)\n"
    "# and src/.\n"
    "# Do not commit .dome/: this machine's state of each stack, its history,\n"
    "# locks and journal (back it up with `domec stack export`).\n"
    ".dome/\n"
    "# Plans saved by `domec preview --out` are made for one apply.\n"
    "plan.json\n"
    "node_modules/\n";

/* The project name from the directory's last component: lowercase letters,
 * digits and hyphens, starting with a letter. */
static void name_from_dir(const char *dir, char *out, size_t cap)
{
    char abs[4096];
    const char *base = realpath(dir, abs) ? abs : dir;
    const char *slash = strrchr(base, '/');
    base = slash && slash[1] ? slash + 1 : base;
    size_t n = 0;
    for (const char *p = base; *p && n + 1 < cap && n < PROJECT_MAX; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (ok && (n > 0 || (c >= 'a' && c <= 'z')))
            out[n++] = c;
        else if (!ok && n > 0 && out[n - 1] != '-')
            out[n++] = '-';
    }
    while (n > 0 && out[n - 1] == '-')
        n--;
    out[n] = '\0';
    if (n == 0)
        snprintf(out, cap, "app");
}

static bool name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > PROJECT_MAX || name[0] < 'a' || name[0] > 'z' || name[n - 1] == '-')
        return false;
    return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

/* Writes DIR/rel with text unless it exists. 0, or EXIT_ENV after saying why. */
static int write_new(const char *dir, const char *rel, const char *text)
{
    char path[4096], err[512];
    struct stat sb;
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (stat(path, &sb) == 0) {
        fprintf(stderr, "domec init: '%s' already exists; nothing was written\n", path);
        return EXIT_ENV;
    }
    if (fs_write_atomic(path, text, strlen(text), 0644, err, sizeof err) != 0) {
        fprintf(stderr, "domec init: %s\n", err);
        return EXIT_ENV;
    }
    return EXIT_OK;
}

static int make_dir(const char *path)
{
    if (mkdir(path, 0755) == 0 || errno == EEXIST)
        return EXIT_OK;
    fprintf(stderr, "domec init: cannot create '%s': %s\n", path, strerror(errno));
    return EXIT_ENV;
}

/* Refuses a directory that already holds a program or one of the files. */
static int check_empty(const char *dir)
{
    static const char *const files[] = {"main.dome", "src/index.js", "stacks/dev.dome",
                                        ".gitignore"};
    char path[4096];
    struct stat sb;
    char **dome = lang_program_files(dir);
    bool has_program = dome && dome[0];
    lang_free_list(dome);
    if (has_program) {
        fprintf(stderr,
                "domec init: '%s' already holds a program (.dome files); nothing was "
                "written\n  help: give a new directory: domec init DIR\n",
                dir);
        return EXIT_ENV;
    }
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (stat(path, &sb) == 0) {
            fprintf(stderr, "domec init: '%s' already exists; nothing was written\n", path);
            return EXIT_ENV;
        }
    }
    return EXIT_OK;
}

static void next_steps(const char *dir, const char *name)
{
    bool here = strcmp(dir, ".") == 0;
    printf("Created project '%s' in %s:\n"
           "  main.dome        the program: a worker, a queue, a bucket\n"
           "  src/index.js     the worker's code\n"
           "  stacks/dev.dome  the dev stack's config values\n"
           "  .gitignore       keeps .dome/ (local state) out of git\n\n"
           "Next:\n",
           name, dir);
    if (!here)
        printf("  cd %s\n", dir);
    printf("  domec check                      check the program\n"
           "  domec stack select dev           make dev the default stack\n"
           "  export CLOUDFLARE_API_TOKEN=...  CLOUDFLARE_ACCOUNT_ID=...\n"
           "                                   (or run cfemu, the local emulator)\n"
           "  domec preview                    see what apply would create\n"
           "  domec apply                      create it\n");
}

/* cmd_init implements `domec init`; returns the exit code. */
int cmd_init(struct opts *o)
{
    const char *dir = o->n_pos > 0 ? o->pos[0] : ".";
    char name[PROJECT_MAX + 8], path[4096], text[sizeof main_dome + 2 * sizeof name];
    if (o->project && !name_ok(o->project)) {
        fprintf(stderr,
                "domec init: invalid project name '%s'\n  help: 1 to %d lowercase letters, "
                "digits and hyphens, starting with a letter\n",
                o->project, PROJECT_MAX);
        return EXIT_ENV;
    }
    int rc = make_dir(dir);
    if (rc == EXIT_OK)
        rc = check_empty(dir);
    if (rc != EXIT_OK)
        return rc;
    if (o->project)
        snprintf(name, sizeof name, "%s", o->project);
    else
        name_from_dir(dir, name, sizeof name);
    snprintf(text, sizeof text, main_dome, name, name);
    snprintf(path, sizeof path, "%s/src", dir);
    rc = make_dir(path);
    snprintf(path, sizeof path, "%s/stacks", dir);
    rc = exit_worst(rc, make_dir(path));
    if (rc == EXIT_OK)
        rc = write_new(dir, "main.dome", text);
    if (rc == EXIT_OK)
        rc = write_new(dir, "src/index.js", index_js);
    if (rc == EXIT_OK)
        rc = write_new(dir, "stacks/dev.dome", dev_dome);
    if (rc == EXIT_OK)
        rc = write_new(dir, ".gitignore", gitignore);
    if (rc == EXIT_OK)
        next_steps(dir, name);
    return rc;
}
