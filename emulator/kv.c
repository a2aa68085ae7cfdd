/* cfemu: Workers KV is not emulated; its namespace list exists (always
 * empty) because `wrangler delete` reads it to find a worker's site KV. */
#include "emulator/emu.h"

/* kv_list: GET /storage/kv/namespaces, page/per_page, always empty. */
void kv_list(struct emu *e, struct req *rq, struct resp *rs)
{
    (void)e;
    cJSON *none = cJSON_CreateArray();
    env_paged(rs, rq, none, 20, 1000);
    cJSON_Delete(none);
}
