/* Up-front budget notice: needed requests against what is left now, the
 * rest at quota per window after the next reset. */
#include "cli/view/budget_notice.h"

#include <math.h>

/* budget_wait_s: see budget_notice.h. */
double budget_wait_s(const struct cf_budget_view *v, long needed)
{
    if (needed <= v->left || v->quota <= 0)
        return 0;
    long rest = needed - (v->left > 0 ? v->left : 0);
    double windows = ceil((double)rest / (double)v->quota) - 1;
    return (v->reset_in > 0 ? v->reset_in : v->window_s) + windows * v->window_s;
}

/* budget_notice: see budget_notice.h. */
int budget_notice(FILE *out, const char *command, struct cf_http *http, long needed)
{
    struct cf_budget_view v;
    cf_http_budget(http, &v);
    if (needed <= v.left)
        return 0;
    fprintf(out,
            "domec %s: this needs about %ld API requests and the budget has %ld left (%ld per "
            "%.0f s, shared by every client of this Cloudflare user); it will wait about %.0f s "
            "for the budget, sending nothing that would be refused\n",
            command, needed, v.left > 0 ? v.left : 0, v.quota, v.window_s,
            budget_wait_s(&v, needed));
    return 1;
}
