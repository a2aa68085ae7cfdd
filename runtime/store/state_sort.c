/* Sorting the members of a state array in place: see state.h. */
#include <stdlib.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/state.h"

/* state_sort_array: see state.h. */
cJSON *state_sort_array(cJSON *arr, int (*cmp)(const void *, const void *))
{
    int n = cJSON_GetArraySize(arr);
    if (n < 2)
        return arr;
    cJSON **items = xmalloc((size_t)n * sizeof *items);
    for (int k = n - 1; k >= 0; k--)
        items[k] = cJSON_DetachItemFromArray(arr, k);
    qsort(items, (size_t)n, sizeof *items, cmp);
    for (int k = 0; k < n; k++)
        cJSON_AddItemToArray(arr, items[k]);
    free(items);
    return arr;
}
