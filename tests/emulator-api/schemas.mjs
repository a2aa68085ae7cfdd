// Response-schema lookup for the cfemu API suite: compiles, with ajv, the
// response schema of each operation from Cloudflare's OpenAPI (OAS24 subset)
// and, for the operations and shapes API.md documents as current, OAS26.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { makeFlattener } from './allof.mjs';

const REF24 = 'oas24.json';
const REF26 = 'oas26.json';

// Operations whose current (OAS26) response shape differs from OAS24, as
// API.md documents; their OAS26 schema replaces the OAS24 one.
//   R2 list: result is {buckets: [...]} (API.md section 3).
//   D1 create: result is d1_database-details-response (API.md section 2).
//   Queues get/list/update and consumers: consumers/producers are arrays,
//   consumer results are mq_consumer-response (API.md section 5).
const PREFER_OAS26 = new Set([
  'GET /accounts/{account_id}/r2/buckets 200',
  'POST /accounts/{account_id}/d1/database 200',
  'POST /accounts/{account_id}/queues/{queue_id}/consumers 200',
  'GET /accounts/{account_id}/queues 200',
  'GET /accounts/{account_id}/queues/{queue_id} 200',
  'PUT /accounts/{account_id}/queues/{queue_id} 200',
  'GET /accounts/{account_id}/queues/{queue_id}/consumers 200',
  'POST /accounts/{account_id}/queues/{queue_id}/consumers 200',
  'PUT /accounts/{account_id}/queues/{queue_id}/consumers/{consumer_id} 200',
  // OAS24 puts the result's `required` list on the envelope (a schema bug):
  'POST /accounts/{account_id}/queues 200',
]);

// OAS24 enums that API.md documents as widened since (usage_model gained
// "standard", section 6.1; R2 location hints gained "oc", section 3).
const OAS24_ENUM_ADDITIONS = {
  workers_usage_model: ['standard'],
  r2_bucket_location: ['oc'],
};

// Extra OAS26 component schemas a success result must also satisfy
// (API.md 6.1: the upload result carries startup_time_ms, required).
const EXTRA_RESULT = {
  'PUT /accounts/{account_id}/workers/scripts/{script_name} 200': 'workers_script-response-upload',
};

// Binding types API.md section 6.2 documents (OAS26, TF). OAS24's
// `workers_binding` is the old shape (d1 `binding` + `id`, no plain_text,
// json, ai, secret_text, vectorize), so bindings in results are checked
// against the OAS26 `workers_binding_kind_<type>` schema of their type.
const BINDING_TYPES = ['ai', 'analytics_engine', 'assets', 'browser', 'd1', 'data_blob', 'dispatch_namespace',
  'durable_object_namespace', 'hyperdrive', 'inherit', 'images', 'json', 'kv_namespace', 'media', 'mtls_certificate',
  'pipelines', 'plain_text', 'queue', 'r2_bucket', 'ratelimit', 'secret_key', 'secret_text', 'secrets_store_secret',
  'send_email', 'service', 'tail_consumer', 'text_blob', 'vectorize', 'version_metadata', 'wasm_module', 'workflow',
  'vpc_service', 'vpc_network', 'ai_search', 'ai_search_namespace', 'flagship'];

function currentBindings(oas26) {
  const kinds = BINDING_TYPES.filter((t) => {
    const k = oas26.components.schemas[`workers_binding_kind_${t}`];
    return k && !k['x-placeholder'];
  });
  return {
    type: 'object',
    required: ['name', 'type'],
    properties: { name: { type: 'string' }, type: { enum: BINDING_TYPES } },
    allOf: kinds.map((t) => ({
      if: { properties: { type: { const: t } } },
      then: { $ref: `${REF26}#/components/schemas/workers_binding_kind_${t}` },
    })),
  };
}

// Failure envelope of each product, for error responses whose documented
// 4XX schema is missing (script download) or is a success envelope whose
// `success` is [true] (OAS24 settings GET/PATCH): schema bugs.
const FAILURE_BY_PRODUCT = [
  [/\/d1\//, 'd1_api-response-common-failure'],
  [/\/r2\//, 'r2_v4_response_failure'],
  [/\/vectorize\//, 'vectorize_api-response-common-failure'],
  [/\/queues/, 'mq_api-response-common-failure'],
  [/\/workers\//, 'workers_api-response-common-failure'],
  [/tokens\/verify/, 'iam_api-response-common-failure'],
];

function failureFallback(path) {
  const hit = FAILURE_BY_PRODUCT.find(([re]) => re.test(path));
  return hit && { $ref: `${REF24}#/components/schemas/${hit[1]}` };
}

function successOnly(schema) {
  const e = schema && schema.properties && schema.properties.success && schema.properties.success.enum;
  return Array.isArray(e) && e.length === 1 && e[0] === true;
}

// The envelope every JSON response has (API.md section 1).
const ENVELOPE = {
  type: 'object',
  required: ['success', 'errors', 'messages', 'result'],
  properties: {
    success: { type: 'boolean' },
    errors: {
      type: 'array',
      items: {
        type: 'object', required: ['code', 'message'],
        properties: { code: { type: 'integer', minimum: 1000 }, message: { type: 'string' } },
      },
    },
    messages: { type: 'array' },
  },
  if: { properties: { success: { const: false } } },
  then: { properties: { errors: { minItems: 1 }, result: { const: null } } },
};

// Rewrites local "#/..." refs to point into the named document.
function rebase(node, doc) {
  if (Array.isArray(node)) return node.map((n) => rebase(n, doc));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? doc + v : rebase(v, doc);
  }
  return out;
}

// Responses never carry writeOnly properties, so they are not required there.
function dropWriteOnlyRequired(node) {
  if (Array.isArray(node)) { node.forEach(dropWriteOnlyRequired); return; }
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node.required) && node.properties) {
    node.required = node.required.filter((n) => !(node.properties[n] && node.properties[n].writeOnly));
  }
  Object.values(node).forEach(dropWriteOnlyRequired);
}

// A oneOf with a discriminator mapping becomes "the discriminator names one
// mapped schema, and the body matches that one", so a placeholder branch
// (which accepts anything) cannot make every body match twice.
function expandDiscriminators(node) {
  if (Array.isArray(node)) { node.forEach(expandDiscriminators); return; }
  if (!node || typeof node !== 'object') return;
  const d = node.discriminator;
  if (d && d.mapping && Array.isArray(node.oneOf)) {
    const prop = d.propertyName;
    node.required = [...new Set([...(node.required || []), prop])];
    node.properties = { ...(node.properties || {}), [prop]: { enum: Object.keys(d.mapping) } };
    node.allOf = [...(node.allOf || []), ...Object.entries(d.mapping).map(([value, ref]) => ({
      if: { properties: { [prop]: { const: value } } }, then: { $ref: ref },
    }))];
    delete node.oneOf;
    delete node.discriminator;
  }
  Object.values(node).forEach(expandDiscriminators);
}

// OAS26 with each placeholder component replaced by the OAS24 component of
// the same name (or left accepting anything when OAS24 has none).
function mergedOas26(oas26, oas24) {
  const doc = structuredClone(oas26);
  const s24 = oas24.components.schemas;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    if (!schema['x-placeholder']) continue;
    doc.components.schemas[name] = s24[name] ? { $ref: `${REF24}#/components/schemas/${name}` } : {};
  }
  return doc;
}

function findOp(doc, method, path) {
  const item = doc.paths[path];
  return item && item[method.toLowerCase()];
}

function responseSchema(op, status) {
  if (!op) return undefined;
  const r = op.responses;
  const key = r[String(status)] ? String(status) : status >= 400 && status < 500 ? '4XX' : undefined;
  const c = key && r[key].content && r[key].content['application/json'];
  return c && c.schema;
}

// Loads both OpenAPI files and returns { validate, hasOperation, operations }.
// validate(method, pathTemplate, status, body, envelopeOnly) -> [] or a list
// of error strings; it throws when no schema is documented for that response
// (envelopeOnly: check only the common envelope, for undocumented operations).
export function loadSchemas(dir) {
  const oas24 = JSON.parse(readFileSync(`${dir}/openapi-subset.json`, 'utf8'));
  const oas26raw = JSON.parse(readFileSync(`${dir}/openapi-2026-07-partial.json`, 'utf8'));
  const oas26 = mergedOas26(oas26raw, oas24);
  for (const [name, extra] of Object.entries(OAS24_ENUM_ADDITIONS)) {
    const sch = oas24.components.schemas[name];
    if (sch && Array.isArray(sch.enum)) sch.enum = [...sch.enum, ...extra];
  }
  oas24.components.schemas.workers_binding = currentBindings(oas26);
  for (const doc of [oas24, oas26]) {
    dropWriteOnlyRequired(doc);
    expandDiscriminators(doc);
  }
  const roots = {
    [REF24]: { components: rebase(oas24.components, REF24) },
    [REF26]: { components: rebase(oas26.components, REF26) },
  };
  const flat = makeFlattener(roots);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  for (const id of [REF24, REF26]) {
    const names = Object.keys(roots[id].components.schemas);
    const schemas = Object.fromEntries(names.map((n) => [n, flat.ref(`${id}#/components/schemas/${n}`)]));
    ajv.addSchema({ $id: id, components: { schemas } });
  }
  const envelope = ajv.compile(ENVELOPE);
  const cache = new Map();

  function compiled(method, path, status) {
    const key = `${method} ${path} ${status}`;
    if (cache.has(key)) return cache.get(key);
    const statusKey = status >= 200 && status < 300 ? 200 : status;
    const opKey = `${method} ${path} ${statusKey}`;
    const op24 = findOp(oas24, method, path);
    const op26 = findOp(oas26, method, path);
    let schema;
    let source;
    if (op26 && (PREFER_OAS26.has(opKey) || !op24)) {
      schema = flat.node(rebase(responseSchema(op26, statusKey), REF26));
      source = 'OAS26';
    } else {
      schema = flat.node(rebase(responseSchema(op24, statusKey), REF24));
      source = 'OAS24';
    }
    if (statusKey >= 400 && (!schema || successOnly(schema.$ref ? flat.ref(schema.$ref) : schema))) {
      schema = failureFallback(path);
      source = 'OAS24 failure envelope';
    }
    const list = [];
    if (schema) list.push({ source, fn: ajv.compile(schema) });
    // A body of an operation documented in both files must satisfy both.
    if (source === 'OAS24' && op26) {
      const s26 = responseSchema(op26, statusKey);
      if (s26) list.push({ source: 'also-OAS26', fn: ajv.compile(flat.node(rebase(s26, REF26))) });
    }
    if (EXTRA_RESULT[opKey]) {
      const ref = `${REF26}#/components/schemas/${EXTRA_RESULT[opKey]}`;
      list.push({ source: 'OAS26', fn: ajv.compile({ properties: { result: { $ref: ref } } }) });
    }
    const entry = list.length ? list : null;
    cache.set(key, entry);
    return entry;
  }

  function validate(method, path, status, body, envelopeOnly = false) {
    const list = envelopeOnly ? [] : compiled(method, path, status);
    if (!list) throw new Error(`no documented response schema for ${method} ${path} ${status}`);
    const errs = [];
    if (!envelope(body)) errs.push(...envelope.errors.map((e) => `envelope ${e.instancePath} ${e.message}`));
    for (const { source, fn } of list) {
      if (!fn(body)) errs.push(...fn.errors.map((e) => `${source} ${e.instancePath || '/'} ${e.message} (${e.schemaPath})`));
    }
    return errs;
  }

  function hasOperation(method, path) {
    return Boolean(findOp(oas24, method, path) || findOp(oas26, method, path));
  }

  // operations() -> every "METHOD /path" of OAS24 and OAS26.
  function operations() {
    const ops = new Set();
    for (const doc of [oas24, oas26]) {
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const m of ['get', 'post', 'put', 'patch', 'delete']) if (item[m]) ops.add(`${m.toUpperCase()} ${path}`);
      }
    }
    return [...ops].sort();
  }

  return { validate, hasOperation, operations };
}
