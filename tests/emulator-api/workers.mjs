// Workers scripts (API.md section 6): multipart upload with every binding
// type the project uses, binding targets that must exist, download, list
// with etags, settings GET/PATCH, content PUT, secrets, delete.
import { assert, eq, ISO } from './harness.mjs';
import { SCRIPT, moduleForm, uploadWorker, workerSource } from './upload.mjs';

const SCRIPTS = '/accounts/{account_id}/workers/scripts';
const SETTINGS = `${SCRIPT}/settings`;
const CONTENT = `${SCRIPT}/content`;
const SECRETS = `${SCRIPT}/secrets`;
const SECRET = `${SCRIPT}/secrets/{secret_name}`;

function allBindings(ctx) {
  return [
    { type: 'd1', name: 'DB', database_id: ctx.d1.uuid },
    { type: 'r2_bucket', name: 'BUCKET', bucket_name: ctx.r2.name },
    { type: 'queue', name: 'Q', queue_name: ctx.queue.name },
    { type: 'vectorize', name: 'VEC', index_name: ctx.vectorize.name },
    { type: 'service', name: 'SVC', service: 'api-w-target' },
    { type: 'plain_text', name: 'MODE', text: 'test' },
    { type: 'secret_text', name: 'API_KEY', text: 'not-a-real-secret' },
    { type: 'json', name: 'CONF', json: { a: 1 } },
    { type: 'ai', name: 'AI' },
  ];
}

// Runs the Workers tests (needs ctx.d1, ctx.r2, ctx.queue, ctx.vectorize).
export default async function workers(h, ctx) {
  const { call, check, test } = h;
  const p = { script_name: 'api-w-main' };
  await test('workers upload: module worker, wrangler-style metadata field', async () => {
    const r = check(await uploadWorker(h, 'api-w-target'), 200);
    eq(r.result.id, 'api-w-target', 'id');
    assert(typeof r.result.etag === 'string' && r.result.etag.length > 0, 'etag missing');
    assert(/^[0-9a-f]{32}$/.test(r.result.tag || ''), `tag ${r.result.tag} is not 32 hex`);
    assert(ISO.test(r.result.created_on) && ISO.test(r.result.modified_on), `timestamps ${r.result.created_on} ${r.result.modified_on}`);
    assert(Number.isInteger(r.result.startup_time_ms), 'startup_time_ms missing');
  });
  await test('workers upload: metadata as an application/json file part (Terraform style)', async () => {
    const body = moduleForm({ main_module: 'index.js', compatibility_date: '2025-01-01' }, { 'index.js': workerSource('tf') }, { metadataAsFile: true });
    check(await call('PUT', SCRIPT, { params: { script_name: 'api-w-tf' }, body }), 200);
  });
  await test('workers upload: every binding type, read back from settings', async () => {
    const bindings = allBindings(ctx);
    check(await uploadWorker(h, 'api-w-main', { bindings, compatibility_flags: ['nodejs_compat'] }), 200);
    const s = check(await call('GET', SETTINGS, { params: p }), 200);
    const got = [...s.result.bindings].sort((a, b) => a.name.localeCompare(b.name));
    const want = bindings.map(({ text, ...b }) => (b.type === 'secret_text' || text === undefined ? b : { ...b, text }));
    for (const w of want) {
      const g = got.find((x) => x.name === w.name);
      assert(g, `binding ${w.name} missing from settings`);
      for (const [k, v] of Object.entries(w)) eq(g[k], v, `binding ${w.name}.${k}`);
    }
    assert(!got.some((b) => b.type === 'secret_text' && 'text' in b), 'secret_text value returned by settings');
    eq(s.result.compatibility_flags, ['nodejs_compat'], 'compatibility_flags');
    eq(s.result.compatibility_date, '2025-01-01', 'compatibility_date');
  });
  await test('workers upload: deprecated d1 "id" accepted, read back as database_id', async () => {
    check(await uploadWorker(h, 'api-w-d1id', { bindings: [{ type: 'd1', name: 'DB', id: ctx.d1.uuid }] }), 200);
    const s = check(await call('GET', SETTINGS, { params: { script_name: 'api-w-d1id' } }), 200);
    eq(s.result.bindings[0].database_id, ctx.d1.uuid, 'database_id');
  });
  await refusals(h, ctx);
  await reads(h);
  await settings(h, ctx);
  await content(h);
  await secrets(h);
  await test('workers delete: 200, then 404 code 10007', async () => {
    for (const n of ['api-w-main', 'api-w-tf', 'api-w-d1id']) check(await call('DELETE', SCRIPT, { params: { script_name: n } }), 200, { schema: false });
    check(await call('GET', SETTINGS, { params: p }), 404, { code: 10007 });
    check(await call('DELETE', SCRIPT, { params: p }), 404, { code: 10007 });
  });
}

// Uploads that must be refused: bad names, bad multipart, bindings to
// things that do not exist.
async function refusals(h, ctx) {
  const { call, check, test } = h;
  const missing = [
    ['d1 database', { type: 'd1', name: 'DB', database_id: '00000000-0000-4000-8000-000000000000' }],
    ['r2 bucket', { type: 'r2_bucket', name: 'B', bucket_name: 'api-no-such-bucket' }],
    ['queue', { type: 'queue', name: 'Q', queue_name: 'api-no-such-queue' }],
    ['vectorize index', { type: 'vectorize', name: 'V', index_name: 'api-no-such-index' }],
    ['service', { type: 'service', name: 'S', service: 'api-no-such-worker' }],
  ];
  for (const [what, binding] of missing) {
    await test(`workers upload: binding to a missing ${what} is refused`, async () => {
      check(await uploadWorker(h, 'api-w-bad', { bindings: [binding] }), [400, 404]);
    });
  }
  await test('workers upload: binding without its required field is 400', async () => {
    check(await uploadWorker(h, 'api-w-bad', { bindings: [{ type: 'd1', name: 'DB' }] }), 400);
    check(await uploadWorker(h, 'api-w-bad', { bindings: [{ type: 'no_such_type', name: 'X' }] }), 400);
  });
  await test('workers upload: invalid script name is 400', async () => {
    check(await uploadWorker(h, 'Bad.Name'), 400);
  });
  await test('workers upload: missing metadata part is 400', async () => {
    const fd = new FormData();
    fd.append('index.js', new Blob([workerSource('x')], { type: 'application/javascript+module' }), 'index.js');
    check(await call('PUT', SCRIPT, { params: { script_name: 'api-w-bad' }, body: fd }), 400);
  });
  await test('workers upload: main_module naming no part is 400', async () => {
    const body = moduleForm({ main_module: 'missing.js' }, { 'index.js': workerSource('x') });
    check(await call('PUT', SCRIPT, { params: { script_name: 'api-w-bad' }, body }), 400);
  });
  await test('workers upload: JSON body is 4XX code 10001 (unsupported content type)', async () => {
    check(await call('PUT', SCRIPT, { params: { script_name: 'api-w-bad' }, json: { main_module: 'index.js' } }), [400, 415], { code: 10001 });
  });
  await test('workers upload: refused uploads created nothing', async () => {
    check(await call('GET', SETTINGS, { params: { script_name: 'api-w-bad' } }), 404, { code: 10007 });
  });
  assert(ctx, '');
}

// List with etags (changing with content) and raw download.
async function reads(h) {
  const { call, check, test } = h;
  const etagOf = async (name) => {
    const l = check(await call('GET', SCRIPTS), 200);
    const s = l.result.find((x) => x.id === name);
    assert(s, `${name} not in the script list`);
    return s.etag;
  };
  await test('workers list: every script with an etag that changes with content', async () => {
    const before = await etagOf('api-w-target');
    assert(typeof before === 'string' && before.length > 0, 'no etag in list');
    check(await uploadWorker(h, 'api-w-target', { tag: 'changed' }), 200);
    const after = await etagOf('api-w-target');
    assert(after !== before, `etag unchanged after new content (${after})`);
  });
  await test('workers download: returns the uploaded module', async () => {
    const r = await call('GET', SCRIPT, { params: { script_name: 'api-w-target' } });
    eq(r.status, 200, 'status');
    assert(r.text.includes('"changed"'), `download does not contain the module: ${r.text.slice(0, 200)}`);
  });
  await test('workers download: unknown script is 404 code 10007', async () => {
    check(await call('GET', SCRIPT, { params: { script_name: 'api-w-nope' } }), 404, { code: 10007 });
  });
}

// settings PATCH is multipart with one "settings" part (API.md 6.3).
async function settings(h, ctx) {
  const { call, check, test } = h;
  const p = { script_name: 'api-w-main' };
  const patch = (obj) => {
    const fd = new FormData();
    fd.append('settings', new Blob([JSON.stringify(obj)], { type: 'application/json' }), 'settings.json');
    return call('PATCH', SETTINGS, { params: p, body: fd });
  };
  await test('workers settings PATCH: changes the fields sent, keeps the rest', async () => {
    check(await patch({ compatibility_flags: ['nodejs_compat', 'no_global_navigator'], logpush: true }), 200);
    const s = check(await call('GET', SETTINGS, { params: p }), 200);
    eq(s.result.compatibility_flags, ['nodejs_compat', 'no_global_navigator'], 'compatibility_flags');
    eq(s.result.logpush, true, 'logpush');
    eq(s.result.bindings.length, allBindings(ctx).length, 'bindings kept');
  });
  await test('workers settings PATCH: a bindings list replaces the old one', async () => {
    check(await patch({ bindings: [{ type: 'plain_text', name: 'ONLY', text: 'x' }] }), 200);
    const s = check(await call('GET', SETTINGS, { params: p }), 200);
    eq(s.result.bindings.map((b) => b.name), ['ONLY'], 'bindings');
  });
  await test('workers settings: unknown script is 404 code 10007', async () => {
    check(await call('GET', SETTINGS, { params: { script_name: 'api-w-nope' } }), 404, { code: 10007 });
  });
}

// content PUT replaces the code only (API.md 6.4).
async function content(h) {
  const { call, check, test } = h;
  const p = { script_name: 'api-w-main' };
  await test('workers content PUT: new code, settings untouched', async () => {
    const body = moduleForm({ main_module: 'main.js' }, { 'main.js': workerSource('content-v2') });
    check(await call('PUT', CONTENT, { params: p, body }), 200);
    const d = await call('GET', SCRIPT, { params: p });
    assert(d.text.includes('content-v2'), 'download does not show the new content');
    const s = check(await call('GET', SETTINGS, { params: p }), 200);
    eq(s.result.bindings.map((b) => b.name), ['ONLY'], 'bindings kept');
  });
  await test('workers content PUT: unknown script is 404', async () => {
    const body = moduleForm({ main_module: 'main.js' }, { 'main.js': workerSource('x') });
    check(await call('PUT', CONTENT, { params: { script_name: 'api-w-nope' }, body }), 404);
  });
}

// Secrets (OAS26): the text is never returned; keep_bindings keeps them.
async function secrets(h) {
  const { call, check, test } = h;
  const p = { script_name: 'api-w-main' };
  await test('workers secrets: PUT, list and get never return the text', async () => {
    const r = check(await call('PUT', SECRETS, { params: p, json: { name: 'TOKEN', type: 'secret_text', text: 'hunter2-value' } }), 200);
    eq([r.result.name, r.result.type, 'text' in r.result], ['TOKEN', 'secret_text', false], 'put result');
    const lr = await call('GET', SECRETS, { params: p });
    const l = check(lr, 200);
    eq(l.result.filter((s) => s.name === 'TOKEN'), [{ name: 'TOKEN', type: 'secret_text' }], 'list');
    const gr = await call('GET', SECRET, { params: { ...p, secret_name: 'TOKEN' } });
    eq(check(gr, 200).result, { name: 'TOKEN', type: 'secret_text' }, 'get');
    assert(!lr.text.includes('hunter2') && !gr.text.includes('hunter2'), 'secret text returned');
  });
  await test('workers secrets: missing secret 404, bad body 400, unknown script 404', async () => {
    check(await call('GET', SECRET, { params: { ...p, secret_name: 'NOPE' } }), 404);
    check(await call('PUT', SECRETS, { params: p, json: { name: 'X', type: 'plain_text', text: 'v' } }), 400);
    check(await call('PUT', SECRETS, { params: p, json: { type: 'secret_text', text: 'v' } }), 400);
    check(await call('PUT', SECRETS, { params: { script_name: 'api-w-nope' }, json: { name: 'X', type: 'secret_text', text: 'v' } }), 404);
  });
  await test('workers secrets: kept across an upload with keep_bindings, dropped without', async () => {
    check(await uploadWorker(h, 'api-w-main', { keep_bindings: ['secret_text'] }), 200);
    let l = check(await call('GET', SECRETS, { params: p }), 200);
    eq(l.result.map((s) => s.name), ['TOKEN'], 'after keep_bindings upload');
    check(await uploadWorker(h, 'api-w-main'), 200);
    l = check(await call('GET', SECRETS, { params: p }), 200);
    eq(l.result, [], 'after plain upload');
  });
  await test('workers secrets: delete, then 404', async () => {
    check(await call('PUT', SECRETS, { params: p, json: { name: 'GONE', type: 'secret_text', text: 'v' } }), 200);
    check(await call('DELETE', SECRET, { params: { ...p, secret_name: 'GONE' } }), 200);
    check(await call('GET', SECRET, { params: { ...p, secret_name: 'GONE' } }), 404);
    check(await call('DELETE', SECRET, { params: { ...p, secret_name: 'GONE' } }), 404);
  });
}
