// Wrangler flows for KV namespaces, R2 event notifications, Vectorize
// metadata indexes, and a deploy of a Worker with a KV binding, a Durable
// Object and its migrations, observability, workers.dev, a route and a
// custom domain; then the SDK reads all of it back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Cloudflare from 'cloudflare';

const ZONE = 'cli.example';

function fail(msg) { throw new Error(msg); }
// call(METHOD, PATH, body) -> the parsed envelope of a direct call to cfemu
// (PATH below /client/v4).
async function call(method, path, body) {
  const res = await fetch(`${process.env.CLOUDFLARE_API_BASE_URL}${path}`, {
    method,
    headers: { authorization: `Bearer ${process.env.CLOUDFLARE_API_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, ...(await res.json()) };
}
function eq(a, b, what) { if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`); }
async function all(it) { const out = []; for await (const x of it) { out.push(x); if (out.length > 500) fail('list does not end'); } return out; }

// The Durable Object project; classes lists the exported classes.
function doProject(work, kvId, migrations, classes) {
  const dir = join(work, 'do');
  mkdirSync(dir, { recursive: true });
  const src = classes.map((c) => `export class ${c} { constructor(state) { this.state = state; } async fetch() { return new Response("${c}"); } }\n`).join('')
    + 'export default { async fetch(request, env) { return new Response("cfemu do test"); } };\n';
  writeFileSync(join(dir, 'index.js'), src);
  writeFileSync(join(dir, 'wrangler.json'), `${JSON.stringify({
    name: 'cli-do',
    main: 'index.js',
    compatibility_date: '2025-01-01',
    kv_namespaces: [{ binding: 'KV', id: kvId }],
    durable_objects: { bindings: classes.map((c) => ({ name: c.toUpperCase(), class_name: c })) },
    migrations,
    observability: { enabled: true, head_sampling_rate: 0.5 },
    workers_dev: true,
    routes: [{ pattern: `do.${ZONE}/*`, zone_name: ZONE }, { pattern: `app.${ZONE}`, custom_domain: true }],
  }, null, 2)}\n`);
  return dir;
}

// platform(h) with h = {step, api, has, expectIn, work, report}.
export async function platform({ step, api, has, expectIn, work, report }) {
  const ctx = {};
  const acct = `/accounts/${process.env.CLOUDFLARE_ACCOUNT_ID}`;
  const zone = await call('POST', '/zones', { name: ZONE, account: { id: process.env.CLOUDFLARE_ACCOUNT_ID } });
  report('zone for routes and custom domains created (POST /zones)', zone.success ? null : new Error(JSON.stringify(zone.errors)));
  ctx.zone = zone.result && zone.result.id;

  await step('wrangler kv namespace create', ['kv', 'namespace', 'create', 'cli-kv'], work, (r, q) => {
    has(q, 'POST', /\/storage\/kv\/namespaces$/, 200);
    const id = /[0-9a-f]{32}/.exec(r.out);
    if (!id) fail('no namespace id in the output');
    ctx.kv = id[0];
  });
  await step('wrangler kv namespace create (second, to delete)', ['kv', 'namespace', 'create', 'cli-kv-tmp'], work);
  await step('wrangler kv namespace list', ['kv', 'namespace', 'list'], work, (r, q) => {
    has(q, 'GET', /\/storage\/kv\/namespaces$/, 200);
    const titles = JSON.parse(r.out.slice(r.out.indexOf('['))).map((n) => n.title).sort();
    eq(titles, ['cli-kv', 'cli-kv-tmp'], 'namespaces listed');
  });
  const dup = await call('POST', `${acct}/storage/kv/namespaces`, { title: 'cli-kv' });
  report('kv namespace: a second namespace with the same title is 400 code 10014',
    dup.status === 400 && dup.errors[0].code === 10014 ? null : new Error(`${dup.status} ${JSON.stringify(dup.errors)}`));
  await step('wrangler kv namespace delete', ['kv', 'namespace', 'delete', 'cli-kv-tmp'], work, async (r, q) => {
    has(q, 'DELETE', /\/storage\/kv\/namespaces\/[0-9a-f]{32}$/, 200);
    const left = ((await api('GET', '/storage/kv/namespaces')).result || []).map((n) => n.title);
    eq(left, ['cli-kv'], 'namespaces after delete');
  });

  await step('wrangler r2 bucket notification create', ['r2', 'bucket', 'notification', 'create', 'cli-bucket', '--event-type', 'object-create', '--queue', 'cli-queue', '--prefix', 'img/'], work, (r, q) => {
    has(q, 'PUT', /\/event_notifications\/r2\/cli-bucket\/configuration\/queues\/[0-9a-f]{32}$/, 200);
  });
  await step('wrangler r2 bucket notification list', ['r2', 'bucket', 'notification', 'list', 'cli-bucket'], work, (r, q) => {
    has(q, 'GET', /\/event_notifications\/r2\/cli-bucket\/configuration$/, 200);
    expectIn(r.out, 'cli-queue', 'notification list');
    expectIn(r.out, 'img/', 'notification list');
    expectIn(r.out, 'PutObject', 'notification list');
  });

  await step('wrangler vectorize create-metadata-index', ['vectorize', 'create-metadata-index', 'cli-index', '--propertyName', 'kind', '--type', 'string'], work, (r, q) => {
    has(q, 'POST', /\/vectorize\/v2\/indexes\/cli-index\/metadata_index\/create$/, 200);
  });
  await step('wrangler vectorize list-metadata-index', ['vectorize', 'list-metadata-index', 'cli-index'], work, (r, q) => {
    has(q, 'GET', /\/vectorize\/v2\/indexes\/cli-index\/metadata_index\/list$/, 200);
    expectIn(r.out, 'kind', 'metadata index list');
  });

  const v1 = [{ tag: 'v1', new_sqlite_classes: ['Counter'] }];
  await step('wrangler deploy: KV, Durable Object with a migration, observability, workers.dev, route, custom domain', ['deploy'], doProject(work, ctx.kv, v1, ['Counter']), (r, q) => {
    has(q, 'PUT', /\/workers\/scripts\/cli-do$/, 200);
    has(q, 'POST', /\/workers\/scripts\/cli-do\/subdomain$/, 200);
    has(q, 'PUT', /\/workers\/scripts\/cli-do\/routes$/, 200);
    has(q, 'PUT', /\/workers\/scripts\/cli-do\/domains\/records$/, 200);
    expectIn(r.out, `do.${ZONE}/*`, 'deploy output');
  });
  const v2 = [...v1, { tag: 'v2', new_classes: ['Room'] }];
  await step('wrangler deploy again: a second migration (old_tag v1 -> v2)', ['deploy'], doProject(work, ctx.kv, v2, ['Counter', 'Room']), (r, q) => {
    has(q, 'GET', /\/workers\/scripts$/, 200);
  });
  await step('wrangler r2 bucket notification delete', ['r2', 'bucket', 'notification', 'delete', 'cli-bucket', '--queue', 'cli-queue'], work, async (r, q) => {
    has(q, 'DELETE', /\/event_notifications\/r2\/cli-bucket\/configuration\/queues\/[0-9a-f]{32}$/, 200);
    const left = await api('GET', '/event_notifications/r2/cli-bucket/configuration');
    eq(left.result && left.result.queues, [], 'notification rules after delete');
  });
  return ctx;
}

// platformReadBack(ctx, report): the SDK reads back what the flows made.
export async function platformReadBack(ctx, report) {
  const account_id = process.env.CLOUDFLARE_ACCOUNT_ID;
  const a = { account_id };
  const cf = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN, baseURL: process.env.CLOUDFLARE_API_BASE_URL, maxRetries: 0, timeout: 20000 });
  const t = async (name, fn) => { try { await fn(); report(name); } catch (e) { report(name, e); } };
  await t('sdk: KV namespace made by wrangler', async () => {
    eq((await all(cf.kv.namespaces.list(a))).map((n) => [n.id, n.title]), [[ctx.kv, 'cli-kv']], 'namespaces');
  });
  await t('sdk: Durable Object namespaces from both migrations', async () => {
    const ns = (await all(cf.durableObjects.namespaces.list(a))).filter((n) => n.script === 'cli-do');
    eq(ns.map((n) => [n.class, n.use_sqlite]).sort(), [['Counter', true], ['Room', false]], 'DO namespaces');
  });
  await t('sdk: cli-do has migration tag v2 and was last deployed from wrangler', async () => {
    const s = (await all(cf.workers.scripts.list(a))).find((x) => x.id === 'cli-do');
    eq([s && s.migration_tag, s && s.last_deployed_from], ['v2', 'wrangler'], 'script');
    const d = await cf.workers.scripts.deployments.get(await latestDeployment(cf, a), { ...a, script_name: 'cli-do' });
    eq(d.source, 'wrangler', 'deployment source');
  });
  await t('sdk: cli-do bindings and observability', async () => {
    const s = await cf.workers.scripts.scriptAndVersionSettings.get('cli-do', a);
    const b = Object.fromEntries(s.bindings.map((x) => [x.name, x]));
    eq([b.KV && b.KV.namespace_id, b.COUNTER && b.COUNTER.class_name, b.ROOM && b.ROOM.class_name], [ctx.kv, 'Counter', 'Room'], 'bindings');
    const st = await cf.workers.scripts.settings.get('cli-do', a);
    eq([st.observability.enabled, st.observability.head_sampling_rate], [true, 0.5], 'observability');
  });
  await t('sdk: cli-do on workers.dev', async () => {
    eq((await cf.workers.scripts.subdomain.get('cli-do', a)).enabled, true, 'workers.dev');
  });
  await t('sdk: cli-do route in its zone and its custom domain', async () => {
    const routes = await all(cf.workers.routes.list({ zone_id: ctx.zone }));
    eq(routes.map((r) => [r.pattern, r.script]), [[`do.${ZONE}/*`, 'cli-do']], 'routes');
    const doms = await all(cf.workers.domains.list({ ...a, service: 'cli-do' }));
    eq(doms.map((d) => [d.hostname, d.zone_id]), [[`app.${ZONE}`, ctx.zone]], 'custom domains');
  });
  await t('sdk: Vectorize metadata index made by wrangler', async () => {
    eq((await cf.vectorize.indexes.metadataIndex.list('cli-index', a)).metadataIndexes, [{ propertyName: 'kind', indexType: 'string' }], 'metadata indexes');
  });
}

async function latestDeployment(cf, a) {
  const res = await cf.get(`/accounts/${a.account_id}/workers/scripts/cli-do/deployments`);
  return res.result.deployments[0].id;
}
