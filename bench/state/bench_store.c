/* bench_store: load and save of a large state through a state backend
 * (runtime/store/store.h). Builds a state of N bucket entries in memory,
 * saves it R times (each save a new serial and history entry) and loads it
 * R times, and prints the median of each in milliseconds.
 *   bench_store local DIR [N] [R]
 *   bench_store postgres URL [N] [R]     (project "bench-store", stack "big") */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/state.h"
#include "runtime/store/store.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* fill puts n bucket entries, shaped as apply writes them, into st */
static void fill(struct state *st, int n)
{
    char key[64], name[64];
    for (int i = 0; i < n; i++) {
        snprintf(key, sizeof key, "bucket.b%d", i);
        snprintf(name, sizeof name, "bench-b%d-big", i);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "kind", "bucket");
        cJSON_AddStringToObject(e, "label", key + 7);
        cJSON_AddStringToObject(e, "name", name);
        cJSON_AddStringToObject(e, "id", name);
        cJSON *attrs = cJSON_AddObjectToObject(e, "attrs");
        cJSON_AddStringToObject(attrs, "name", name);
        cJSON_AddStringToObject(attrs, "location", "wnam");
        cJSON_AddStringToObject(attrs, "jurisdiction", "default");
        cJSON_AddStringToObject(attrs, "storage_class", "Standard");
        cJSON_AddArrayToObject(e, "deps");
        cJSON_AddBoolToObject(e, "protect", 0);
        state_put(st, key, e);
    }
}

int main(int argc, char **argv)
{
    xalloc_cjson_hooks();
    if (argc < 3 || (strcmp(argv[1], "local") && strcmp(argv[1], "postgres"))) {
        fprintf(stderr, "usage: bench_store local DIR|postgres URL [N] [R]\n");
        return 2;
    }
    int n = argc > 3 ? atoi(argv[3]) : 10000, r = argc > 4 ? atoi(argv[4]) : 5;
    struct store *s = !strcmp(argv[1], "local") ? store_local(argv[2])
                                                : store_postgres(".", "bench-store", argv[2]);
    char err[1024];
    struct state st;
    if (state_open_in(&st, s, "big", err, sizeof err) != 0) {
        fprintf(stderr, "bench_store: %s\n", err);
        return 1;
    }
    fill(&st, n);
    double *save = xcalloc((size_t)r, sizeof *save), *load = xcalloc((size_t)r, sizeof *load);
    size_t bytes = 0;
    for (int i = 0; i < r; i++) {
        double t = now_ms();
        if (state_save(&st, err, sizeof err) != 0) {
            fprintf(stderr, "bench_store: save: %s\n", err);
            return 1;
        }
        save[i] = now_ms() - t;
    }
    state_close(&st);
    for (int i = 0; i < r; i++) {
        double t = now_ms();
        if (state_open_in(&st, s, "big", err, sizeof err) != 0) {
            fprintf(stderr, "bench_store: load: %s\n", err);
            return 1;
        }
        load[i] = now_ms() - t;
        if (i == 0) {
            char *text = cJSON_PrintUnformatted(st.root);
            bytes = strlen(text);
            free(text);
        }
        if (cJSON_GetArraySize(state_resources(&st)) != n) {
            fprintf(stderr, "bench_store: loaded %d resources, not %d\n",
                    cJSON_GetArraySize(state_resources(&st)), n);
            return 1;
        }
        state_close(&st);
    }
    /* what every command pays first: a new backend (for postgres a new
     * connection and the schema check) and a stack that has no state */
    double *open = xcalloc((size_t)r, sizeof *open);
    for (int i = 0; i < r; i++) {
        double t = now_ms();
        struct store *fresh = !strcmp(argv[1], "local")
                                  ? store_local(argv[2])
                                  : store_postgres(".", "bench-store", argv[2]);
        if (state_open_in(&st, fresh, "none", err, sizeof err) != 0) {
            fprintf(stderr, "bench_store: open: %s\n", err);
            return 1;
        }
        state_close(&st);
        store_free(fresh);
        open[i] = now_ms() - t;
    }
    printf("%-8s %6d resources (%zu KB)  save %8.1f ms  load %8.1f ms  connect+open %6.2f ms  "
           "(median of %d)\n",
           argv[1], n, bytes / 1024, median(save, r), median(load, r), median(open, r), r);
    free(open);
    free(save);
    free(load);
    store_free(s);
    return 0;
}
