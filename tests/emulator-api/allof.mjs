// Reads Cloudflare's allOf the way OpenAPI code generators (and so
// Cloudflare's own SDKs) do: as a merge where a later member's property
// definition overrides an earlier one. Read as plain JSON Schema the files
// are unsatisfiable in places: D1 list is allOf({result: object}, {result:
// array}); Vectorize/Queues/token-verify failures are allOf(success envelope
// with success: [true], failure envelope with success: [false]).

// Keywords that only annotate: a property schema made of these alone (as in
// `properties: {errors: {}}`) does not override an earlier definition.
const ANNOTATION = new Set(['description', 'example', 'title', 'readOnly', 'writeOnly', 'deprecated']);
// Keywords that constrain as a group and are kept beside the merged object.
const RESIDUAL = new Set(['oneOf', 'anyOf', 'not', 'if', 'then', 'else', 'items', 'enum', 'const', '$ref']);

function annotationOnly(s) {
  return s && typeof s === 'object' && !Array.isArray(s) &&
    Object.keys(s).every((k) => ANNOTATION.has(k) || k.startsWith('x-'));
}

function pointer(root, ptr) {
  let node = root;
  for (const raw of ptr.split('/').slice(1)) {
    node = node && node[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

// Merges flattened allOf members: properties override by name (later wins
// unless annotation-only), required is the union restricted to the merged
// properties (Cloudflare sometimes lists result fields on the envelope), other
// plain keywords last-wins, constraint groups kept in a residual allOf.
function merge(parts) {
  const out = {};
  const props = {};
  const req = new Set();
  const residual = [];
  let hasProps = false;
  for (const p of parts) {
    if (!p || typeof p !== 'object') continue;
    const { properties, required, allOf, ...rest } = p;
    if (properties) {
      hasProps = true;
      for (const [k, v] of Object.entries(properties)) if (!(k in props) || !annotationOnly(v)) props[k] = v;
    }
    (required || []).forEach((r) => req.add(r));
    if (allOf) residual.push(...allOf);
    const group = {};
    for (const [k, v] of Object.entries(rest)) {
      if (RESIDUAL.has(k)) group[k] = v; else out[k] = v;
    }
    if (Object.keys(group).length) residual.push(group);
  }
  if (hasProps) out.properties = props;
  const required = [...req].filter((n) => !hasProps || n in props);
  if (required.length) out.required = required;
  if (residual.length) out.allOf = residual;
  return out;
}

// makeFlattener(roots) -> { node(schema), ref(absoluteRef) }: roots maps a
// document id ("oas24.json") to its root object; every $ref must already be
// absolute ("oas24.json#/components/schemas/X"). Returns flattened copies.
export function makeFlattener(roots) {
  const memo = new Map();
  const busy = new Set();

  function ref(r) {
    if (memo.has(r)) return memo.get(r);
    if (busy.has(r)) return { $ref: r };
    const [doc, ptr] = r.split('#');
    const target = pointer(roots[doc], ptr);
    if (target === undefined) throw new Error(`unresolvable $ref ${r}`);
    busy.add(r);
    let out = node(target);
    if (out && typeof out.$ref === 'string' && Object.keys(out).length === 1) out = ref(out.$ref); // alias
    busy.delete(r);
    memo.set(r, out);
    return out;
  }

  function member(m) {
    if (m && typeof m.$ref === 'string' && Object.keys(m).length === 1) return ref(m.$ref);
    return node(m);
  }

  function node(n) {
    if (Array.isArray(n)) return n.map(node);
    if (!n || typeof n !== 'object') return n;
    const out = {};
    for (const [k, v] of Object.entries(n)) out[k] = k === 'allOf' || k === 'example' ? v : node(v);
    if (!Array.isArray(n.allOf)) return out;
    const { allOf, ...own } = out;
    return merge([own, ...allOf.map(member)]);
  }

  return { node, ref };
}
