// Test harness for the cfemu API suite: an HTTP helper that knows each
// request's OpenAPI path template, response checks (status, envelope, error
// code, ajv schema) and TAP-like "ok - NAME" / "not ok - NAME" reporting.

// Thrown by the checks; the message lists every mismatch found.
export class CheckFailure extends Error {}

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (m, k) => {
    if (!(k in params)) throw new Error(`no value for {${k}} in ${template}`);
    return encodeURIComponent(params[k]);
  });
}

function queryString(query) {
  if (!query) return '';
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) sp.append(k, String(one));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

// Returns the harness for one cfemu instance: { call, check, test, summary }.
export function makeHarness({ base, token, account, schemas }) {
  let passed = 0;
  let failed = 0;

  // call(METHOD, TEMPLATE, {params, query, json, body, headers, token})
  // -> {method, template, status, headers, text, json}. json is undefined
  // when the body does not parse. token: null sends no Authorization.
  async function call(method, template, opts = {}) {
    const params = { account_id: account, ...(opts.params || {}) };
    const url = base + fill(template, params) + queryString(opts.query);
    const headers = { ...(opts.headers || {}) };
    const tok = opts.token === undefined ? token : opts.token;
    if (tok !== null) headers.authorization = `Bearer ${tok}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!headers['content-type']) headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { method, template, status: res.status, headers: res.headers, text, json };
  }

  // A schema error "errors/N/code must be >= 1000" is waived when that code
  // is in exemptCodes (971, the rate-limit code the real API sends).
  function exempt(msg, body, codes) {
    const m = /\/errors\/(\d+)\/code must be >= 1000/.exec(msg);
    return Boolean(m && codes && body.errors && body.errors[m[1]] && codes.includes(body.errors[m[1]].code));
  }

  // check(r, STATUS or [STATUS...], {code, schema, exemptCodes}) throws CheckFailure
  // unless r has that status, a JSON envelope valid against the documented
  // response schema (schema: false = no schema is documented, check only the
  // envelope),
  // success matching the status and, when code is given, that error code.
  function check(r, status, opts = {}) {
    const errs = [];
    const where = `${r.method} ${r.template}`;
    const want = Array.isArray(status) ? status : [status];
    if (!want.includes(r.status)) errs.push(`${where}: status ${r.status}, expected ${want.join(' or ')}`);
    if (r.json === undefined) {
      errs.push(`${where}: body is not JSON: ${r.text.slice(0, 200)}`);
      throw new CheckFailure(errs.join('\n'));
    }
    const ctype = r.headers.get('content-type') || '';
    if (!/^application\/json\b/i.test(ctype)) errs.push(`${where}: content-type "${ctype}", expected application/json`);
    const good = r.status >= 200 && r.status < 300;
    if (r.json.success !== good) errs.push(`${where}: success is ${r.json.success} with status ${r.status}`);
    try {
      const found = schemas.validate(r.method, r.template, r.status, r.json, opts.schema === false);
      errs.push(...found.filter((e) => !exempt(e, r.json, opts.exemptCodes)).map((e) => `${where} ${r.status}: ${e}`));
    } catch (e) { errs.push(e.message); }
    if (opts.code !== undefined) {
      const codes = (r.json.errors || []).map((e) => e && e.code);
      const want = Array.isArray(opts.code) ? opts.code : [opts.code];
      if (!codes.some((c) => want.includes(c))) errs.push(`${where}: error codes ${JSON.stringify(codes)}, expected one of ${want.join(', ')}`);
    }
    if (errs.length) throw new CheckFailure(`${errs.join('\n')}\nbody: ${r.text.slice(0, 400)}`);
    return r.json;
  }

  // test(NAME, fn): runs fn, prints "ok - NAME" or "not ok - NAME" with the
  // failure on "#" lines. Never throws.
  async function test(name, fn) {
    try {
      await fn();
      passed++;
      console.log(`ok - ${name}`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}`);
      const msg = e instanceof CheckFailure ? e.message : (e && e.stack) || String(e);
      for (const line of msg.split('\n').slice(0, 12)) console.log(`#   ${line}`);
    }
  }

  return { call, check, test, summary: () => ({ passed, failed }) };
}

// assert(cond, message): throws CheckFailure(message) when cond is falsy.
export function assert(cond, message) {
  if (!cond) throw new CheckFailure(message);
}

// eq(actual, expected, what): deep equality via JSON, with a clear message.
export function eq(actual, expected, what) {
  const a = JSON.stringify(actual);
  const b = JSON.stringify(expected);
  if (a !== b) throw new CheckFailure(`${what}: got ${a}, expected ${b}`);
}

// ISO-8601 UTC timestamp with optional fraction, as Cloudflare sends them
// ("2022-11-15T18:25:44.442097Z", API.md section 9).
export const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
