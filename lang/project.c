/* Reads the project block of a program directory by parsing alone: its
 * name (the directory's without one, as lang_load) and `backend = "..."`
 * (lang.h: lang_project). Errors are left to
 * `domec check`, which reports them against their source. */
#include "lang/project.h"

#include <stdlib.h>
#include <string.h>

#include "lang/lang.h"
#include "lang/parse.h"
#include "lang/source.h"

/* lang_plain_string: see lang/project.h. */
const char *lang_plain_string(const struct ast_node *n)
{
    if (!n || n->kind != AST_STRING)
        return NULL;
    if (n->items.n == 0)
        return "";
    return n->items.n == 1 && n->items.head->kind == AST_TEXT ? n->items.head->str : NULL;
}

static char *copy(const char *s)
{
    char *c = s ? strdup(s) : NULL;
    if (s && !c)
        abort(); /* out of memory, as the arena does */
    return c;
}

/* Fills *project and *backend from one project block (first one wins). */
static void read_block(const struct ast_node *it, char **project, char **backend)
{
    const struct ast_node *l = it->labels.head;
    if (!*project && it->labels.n == 1)
        *project = copy(lang_plain_string(l));
    for (const struct ast_node *e = it->items.head; e; e = e->next)
        if (!*backend && e->kind == AST_ATTR && !strcmp(e->str, "backend"))
            *backend = copy(lang_plain_string(e->a));
}

/* lang_parse_items: see lang/project.h. */
int lang_parse_items(const char *dir, void (*visit)(const struct ast_node *it, void *user),
                     void *user)
{
    char **files = lang_program_files(dir);
    if (!files)
        return -1;
    struct arena a;
    arena_init(&a);
    struct intern names;
    intern_init(&names, &a);
    struct src_table src;
    src_init(&src, &a);
    struct diag d;
    diag_init(&d, NULL, false, &src); /* `domec check` reports a program's errors */
    for (size_t i = 0; files[i]; i++) {
        int64_t idx = src_read(&src, files[i]);
        struct ast_file f;
        if (idx < 0)
            continue; /* unreadable: `domec check` reports it */
        parse_file(&a, &names, &d, &src.files[idx], (uint32_t)idx, &f);
        for (const struct ast_node *it = f.items.head; it; it = it->next)
            visit(it, user);
    }
    arena_free(&a);
    lang_free_list(files);
    return 0;
}

struct project_info {
    char *project, *backend;
};

static void visit_project(const struct ast_node *it, void *user)
{
    struct project_info *pi = user;
    if (it->kind == AST_BLOCK && !strcmp(it->str, "project"))
        read_block(it, &pi->project, &pi->backend);
}

/* lang_project: see lang/lang.h. */
int lang_project(const char *dir, char **project, char **backend)
{
    struct project_info pi = {NULL, NULL};
    int rc = lang_parse_items(dir, visit_project, &pi);
    if (rc == 0 && !pi.project) { /* as lang_load names it */
        struct arena a;
        arena_init(&a);
        pi.project = copy(lang_base_name(&a, dir));
        arena_free(&a);
    }
    *project = pi.project;
    *backend = pi.backend;
    return rc;
}
