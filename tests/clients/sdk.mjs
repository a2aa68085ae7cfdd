// The official cloudflare SDK (7.3.0) reads back everything the wrangler
// flows made; its auto-paginating lists must terminate.
import Cloudflare from 'cloudflare';
import { requestLog } from './wrangler.mjs';

const LIMIT = 500; // more items than this from one list means it loops

async function all(iterable) {
  const out = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length > LIMIT) throw new Error(`list did not terminate after ${LIMIT} items`);
  }
  return out;
}

function fail(msg) { throw new Error(msg); }
function same(a, b, what) {
  if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`);
}

// readBack(ctx, log, report, record): one reported test per product;
// report(name, err) prints ok / not ok, record(name, command, requests)
// keeps the request sequence of each.
export async function readBack(ctx, log, report, record) {
  const account_id = process.env.CLOUDFLARE_ACCOUNT_ID;
  const cf = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN, baseURL: process.env.CLOUDFLARE_API_BASE_URL, timeout: 20000 });
  // t(NAME, CALLS, fn, LOG): CALLS names the SDK calls, for CLIENT-FLOWS.md;
  // LOG is the cfemu request log they go to (the main one by default).
  const t = async (name, calls, fn, lg = log) => {
    const m = lg.mark();
    try { await fn(); report(name); } catch (e) { report(name, e); }
    record(name, `SDK: ${calls}`, lg.since(m));
  };
  await t('sdk: d1 list pages terminate and match', 'for await (… of d1.database.list({account_id, per_page: 10}))', async () => {
    const names = (await all(cf.d1.database.list({ account_id, per_page: 10 }))).map((d) => d.name).sort();
    same(names, ['cli-db', 'prov-worker-db'], 'databases');
  });
  await t('sdk: d1 create 11 databases, list walks 3 pages (10, 3, empty), delete them', 'd1.database.create / list / delete', async () => {
    const made = [];
    for (let i = 0; i < 11; i++) made.push(await cf.d1.database.create({ account_id, name: `sdk-db-${String(i).padStart(2, '0')}` }));
    const m = log.mark();
    const names = (await all(cf.d1.database.list({ account_id, per_page: 10 }))).map((d) => d.name);
    const pages = log.since(m).filter((r) => r.method === 'GET' && /\/d1\/database$/.test(r.path)).length;
    same([names.length, pages], [13, 3], 'databases listed, pages requested');
    for (const d of made) await cf.d1.database.delete(d.uuid, { account_id });
    const left = (await all(cf.d1.database.list({ account_id }))).map((d) => d.name).sort();
    same(left, ['cli-db', 'prov-worker-db'], 'databases after delete');
  });
  await t('sdk: d1 query reads the row wrangler wrote', 'd1.database.query(uuid, {account_id, sql})', async () => {
    const res = await all(cf.d1.database.query(ctx.d1, { account_id, sql: 'SELECT body FROM notes' }));
    same(res[0].results, [{ body: 'from-wrangler' }], 'rows');
  });
  await t('sdk: r2 buckets list is {buckets} and matches', 'r2.buckets.list({account_id})', async () => {
    const r = await cf.r2.buckets.list({ account_id });
    same(r.buckets.map((b) => b.name).sort(), ['cli-bucket', 'prov-bucket'], 'buckets');
  });
  await t('sdk: vectorize indexes list matches', 'vectorize.indexes.list({account_id})', async () => {
    const idx = await all(cf.vectorize.indexes.list({ account_id }));
    same(idx.map((i) => [i.name, i.config && i.config.dimensions, i.config && i.config.metric]), [['cli-index', 32, 'cosine']], 'indexes');
  });
  await t('sdk: queues list and the consumer wrangler attached', 'queues.list({account_id}); queues.consumers.list(queue_id, {account_id})', async () => {
    const qs = await all(cf.queues.list({ account_id }));
    same(qs.map((q) => q.queue_name).sort(), ['cli-queue'], 'queues');
    const cons = await all(cf.queues.consumers.list(qs[0].queue_id, { account_id }));
    same(cons.map((c) => [c.script || c.script_name, c.settings && c.settings.batch_size]), [['cli-worker', 5]], 'consumers');
  });
  await t('sdk: workers list and cli-worker bindings', 'workers.scripts.list({account_id}); workers.scripts.scriptAndVersionSettings.get(\'cli-worker\', {account_id})', async () => {
    const scripts = (await all(cf.workers.scripts.list({ account_id }))).map((s) => s.id).sort();
    same(scripts, ['cli-target', 'cli-worker', 'prov-worker'], 'scripts');
    const s = await cf.workers.scripts.scriptAndVersionSettings.get('cli-worker', { account_id });
    const b = Object.fromEntries(s.bindings.map((x) => [x.name, x]));
    same([b.DB && b.DB.type, b.DB && (b.DB.database_id || b.DB.id)], ['d1', ctx.d1], 'DB binding');
    same([b.BUCKET && b.BUCKET.bucket_name, b.Q && b.Q.queue_name], ['cli-bucket', 'cli-queue'], 'BUCKET, Q bindings');
    same([b.VEC && b.VEC.index_name, b.SVC && b.SVC.service, b.MODE && b.MODE.text], ['cli-index', 'cli-target', 'test'], 'VEC, SVC, MODE bindings');
  });
  await t('sdk: script download and content/v2 serve the deployed code', "workers.scripts.get('cli-worker'); workers.scripts.content.get('cli-worker')", async () => {
    const text = await cf.workers.scripts.get('cli-worker', { account_id });
    if (!String(text).includes('cfemu client test')) fail(`download: ${String(text).slice(0, 200)}`);
    const res = await cf.workers.scripts.content.get('cli-worker', { account_id });
    const body = await res.text();
    if (!body.includes('cfemu client test')) fail(`content/v2: ${body.slice(0, 200)}`);
  });
  await t('sdk: the cron trigger wrangler deployed', "workers.scripts.schedules.get('cli-worker', {account_id})", async () => {
    const s = await cf.workers.scripts.schedules.get('cli-worker', { account_id });
    same((s.schedules || []).map((x) => x.cron), ['*/5 * * * *'], 'crons');
  });
  await t('sdk: auto-provisioned resources are bound to prov-worker', 'workers.scripts.scriptAndVersionSettings.get(\'prov-worker\', …); d1.database.get(uuid, …)', async () => {
    const s = await cf.workers.scripts.scriptAndVersionSettings.get('prov-worker', { account_id });
    const b = Object.fromEntries(s.bindings.map((x) => [x.name, x]));
    const db = await cf.d1.database.get(b.DB && (b.DB.database_id || b.DB.id), { account_id });
    same([db.name, b.BUCKET && b.BUCKET.bucket_name], ['prov-worker-db', 'prov-bucket'], 'provisioned D1 and R2');
  });
  await t('sdk: cli-worker has two deployments (deployed twice)', 'workers.scripts.deployments.list(\'cli-worker\', {account_id})', async () => {
    // The SDK types this page as {items}; the API (and wrangler) use {deployments}.
    const page = await cf.workers.scripts.deployments.list('cli-worker', { account_id });
    const n = ((page.result && page.result.deployments) || []).length;
    if (n < 2) fail(`${n} deployments`);
  });
  await t('sdk: creating an existing R2 bucket is ConflictError, not retried (x-should-retry: false)', 'r2.buckets.create({account_id, name})', async () => {
    const m = log.mark();
    const err = await cf.r2.buckets.create({ account_id, name: 'cli-bucket' }).then(() => null, (e) => e);
    if (!(err instanceof Cloudflare.ConflictError)) fail(`got ${err && err.constructor && err.constructor.name}: ${err && err.message}`);
    same(log.since(m).length, 1, 'requests made');
  });
  await rateLimited(t);
  await t('sdk: d1 get of a missing database is NotFoundError, not retried', 'd1.database.get(missing_uuid, {account_id})', async () => {
    const m = log.mark();
    const err = await cf.d1.database.get('00000000-0000-4000-8000-000000000000', { account_id }).then(() => null, (e) => e);
    if (!(err instanceof Cloudflare.NotFoundError)) fail(`got ${err && err.constructor && err.constructor.name}: ${err && err.message}`);
    same(log.since(m).length, 1, 'requests made');
  });
}

// Against a cfemu limited to 3 requests per 4 s, the SDK's 4th call gets a
// 429 with Retry-After, waits, retries and succeeds: cfemu's 429 is one the
// official client understands.
async function rateLimited(t) {
  const base = process.env.CFEMU_RL_BASE;
  const log = requestLog(process.env.CFEMU_RL_LOG);
  const account_id = process.env.CLOUDFLARE_ACCOUNT_ID;
  await t('sdk: 429 from a rate-limited cfemu is retried after Retry-After, then succeeds', 'r2.buckets.list × 4 against cfemu --rate-limit 3/4', async () => {
    if (!base) fail('the rate-limited cfemu did not start');
    const cf = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN, baseURL: base, timeout: 20000 });
    for (let i = 0; i < 3; i++) await cf.r2.buckets.list({ account_id });
    const start = Date.now();
    const r = await cf.r2.buckets.list({ account_id });
    const waited = Date.now() - start;
    same(Array.isArray(r.buckets), true, 'fourth call result.buckets is an array');
    const statuses = log.since(0).map((e) => e.status);
    if (!statuses.includes(429) || statuses[statuses.length - 1] !== 200) fail(`statuses ${statuses}`);
    if (waited < 500) fail(`retried after ${waited} ms, before the window reset`);
  }, log);
}
