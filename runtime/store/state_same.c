/* Comparing two state values the way a plan should: exactly, except for
 * decimal numbers, which Cloudflare may store in less precision. */
#include <math.h>
#include <string.h>

#include "runtime/store/state.h"

static bool numbers_same(double a, double b)
{
    if (a == b)
        return true;
    if (floor(a) == a && floor(b) == b) /* two integers: a count, a size, a limit */
        return false;
    double scale = fmax(1.0, fmax(fabs(a), fabs(b)));
    return fabs(a - b) <= 1e-6 * scale;
}

static bool members_same(const cJSON *a, const cJSON *b)
{
    if (cJSON_GetArraySize(a) != cJSON_GetArraySize(b))
        return false;
    for (const cJSON *x = a->child; x; x = x->next) {
        const cJSON *y = cJSON_GetObjectItemCaseSensitive(b, x->string);
        if (!y || !state_same(x, y))
            return false;
    }
    return true;
}

static bool items_same(const cJSON *a, const cJSON *b)
{
    const cJSON *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next)
        if (!state_same(x, y))
            return false;
    return !x && !y;
}

/* state_same: see state.h. */
bool state_same(const cJSON *a, const cJSON *b)
{
    if (!a || !b)
        return a == b;
    if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
        return numbers_same(a->valuedouble, b->valuedouble);
    if (cJSON_IsObject(a) && cJSON_IsObject(b))
        return members_same(a, b);
    if (cJSON_IsArray(a) && cJSON_IsArray(b))
        return items_same(a, b);
    return cJSON_Compare(a, b, 1);
}
