/* Writes the resource dependency graph as Graphviz DOT. Edges point from a
 * resource to what it depends on; names are quoted DOT identifiers. */
#include "lang/graph.h"

static const char *const shapes[IR_N_KINDS] = {"cylinder", "folder",    "hexagon", "cds",
                                               "note",     "component", "box"};

static void node_id(const struct ir_program *ir, size_t i, FILE *out)
{
    const struct ir_resource *r = &ir->resources[i];
    fprintf(out, "\"%s.%s\"", ir_kind_name(r->kind), r->label);
}

static void nodes(const struct ir_program *ir, FILE *out)
{
    for (size_t i = 0; i < ir->n_resources; i++) {
        const struct ir_resource *r = &ir->resources[i];
        fputs("  ", out);
        node_id(ir, i, out);
        fprintf(out, " [shape=%s, label=\"%s %s\\n%s\"];\n", shapes[r->kind], ir_kind_name(r->kind),
                r->label, r->name ? r->name : "?");
    }
}

static void edge(const struct ir_program *ir, size_t from, size_t to, const char *label,
                 const char *style, FILE *out)
{
    fputs("  ", out);
    node_id(ir, from, out);
    fputs(" -> ", out);
    node_id(ir, to, out);
    fprintf(out, " [label=\"%s\"%s];\n", label, style);
}

static void worker_edges(const struct ir_program *ir, size_t i, FILE *out)
{
    const struct ir_resource *r = &ir->resources[i];
    for (size_t b = 0; b < r->n_bindings; b++) {
        const struct ir_binding *bd = &r->bindings[b];
        if (bd->type > IR_BIND_SERVICE)
            continue;
        edge(ir, i, bd->target, bd->name,
             bd->is_cyclic ? ", color=red, fontcolor=red, style=dashed" : "", out);
    }
    for (size_t c = 0; c < r->n_consumers; c++) {
        const struct ir_consumer *cs = &r->consumers[c];
        edge(ir, i, cs->queue, "consumes", ", style=bold", out);
        if (cs->has_dead_letter)
            edge(ir, cs->queue, cs->dead_letter, "dead letter", ", style=dotted", out);
    }
}

void graph_dot(const struct ir_program *ir, FILE *out)
{
    fprintf(out, "digraph \"%s\" {\n  rankdir=LR;\n  label=\"%s (stack %s)\";\n", ir->project,
            ir->project, ir->stack);
    fputs("  node [fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", "
          "fontsize=10];\n",
          out);
    nodes(ir, out);
    for (size_t i = 0; i < ir->n_resources; i++) {
        if (ir->resources[i].kind == IR_WORKER)
            worker_edges(ir, i, out);
    }
    fputs("}\n", out);
}
