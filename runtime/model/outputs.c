/* Resolving output values (references read from state) into state["outputs"]. */
#include "runtime/model/outputs.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/model/desired.h"

static cJSON *resolve(const struct state *st, const struct ir_program *prog,
                      const struct ir_value *v)
{
    char key[300];
    if (v->type != IR_REF)
        return desired_value(prog, v);
    desired_key(prog, v->u.ref.resource, key, sizeof key);
    const cJSON *e = state_get(st, key);
    const char *attr = v->u.ref.attr ? v->u.ref.attr : "name";
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(e, attr);
    if (!x || strcmp(attr, "attrs") == 0 || strcmp(attr, "extra") == 0)
        x = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(e, "attrs"), attr);
    return x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull();
}

/* outputs_update: see outputs.h. */
bool outputs_update(struct state *st, const struct ir_program *prog)
{
    cJSON *outs = cJSON_CreateObject();
    for (size_t i = 0; i < prog->n_outputs; i++) {
        const struct ir_output *o = &prog->outputs[i];
        cJSON *v =
            o->is_sensitive ? cJSON_CreateString("(sensitive)") : resolve(st, prog, &o->value);
        cJSON_AddItemToObject(outs, o->name, v);
    }
    cJSON *old = cJSON_GetObjectItemCaseSensitive(st->root, "outputs");
    if (old && cJSON_Compare(old, outs, 1)) {
        cJSON_Delete(outs);
        return false;
    }
    if (old)
        cJSON_ReplaceItemInObjectCaseSensitive(st->root, "outputs", outs);
    else
        cJSON_AddItemToObject(st->root, "outputs", outs);
    return true;
}
