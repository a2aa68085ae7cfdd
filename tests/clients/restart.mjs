// After the client flows, cfemu is restarted on the same --data folder; the
// official SDK must read back the same state (databases with their rows,
// buckets, queues with consumers, indexes, workers with bindings, crons,
// KV namespaces, Durable Object namespaces and migration tags).
// Env: CLOUDFLARE_API_BASE_URL (the restarted cfemu), CLOUDFLARE_API_TOKEN,
// CLOUDFLARE_ACCOUNT_ID.
import Cloudflare from 'cloudflare';

const account_id = process.env.CLOUDFLARE_ACCOUNT_ID;
const cf = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN, baseURL: process.env.CLOUDFLARE_API_BASE_URL, timeout: 20000 });

async function all(iterable) {
  const out = [];
  for await (const x of iterable) { out.push(x); if (out.length > 500) throw new Error('list did not terminate'); }
  return out;
}

function same(a, b, what) {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`);
}

async function check() {
  const dbs = await all(cf.d1.database.list({ account_id }));
  same(dbs.map((d) => d.name).sort(), ['cli-db', 'prov-worker-db'], 'databases');
  const db = dbs.find((d) => d.name === 'cli-db');
  const rows = await all(cf.d1.database.query(db.uuid, { account_id, sql: 'SELECT body FROM notes' }));
  same(rows[0].results, [{ body: 'from-wrangler' }], 'cli-db rows');
  same((await cf.r2.buckets.list({ account_id })).buckets.map((b) => b.name).sort(), ['cli-bucket', 'prov-bucket'], 'buckets');
  same((await all(cf.vectorize.indexes.list({ account_id }))).map((i) => i.name), ['cli-index'], 'indexes');
  const qs = await all(cf.queues.list({ account_id }));
  same(qs.map((q) => q.queue_name), ['cli-queue'], 'queues');
  const cons = await all(cf.queues.consumers.list(qs[0].queue_id, { account_id }));
  same(cons.map((c) => c.script || c.script_name), ['cli-worker'], 'consumers');
  const scripts = await all(cf.workers.scripts.list({ account_id }));
  same(scripts.map((s) => s.id).sort(), ['cli-do', 'cli-target', 'cli-worker'], 'scripts');
  same(scripts.find((x) => x.id === 'cli-do').migration_tag, 'v2', 'cli-do migration tag');
  same((await all(cf.kv.namespaces.list({ account_id }))).map((n) => n.title), ['cli-kv'], 'KV namespaces');
  same((await all(cf.durableObjects.namespaces.list({ account_id }))).map((n) => n.class).sort(), ['Counter', 'Room'], 'DO namespaces');
  const s = await cf.workers.scripts.scriptAndVersionSettings.get('cli-worker', { account_id });
  same(s.bindings.map((b) => b.name).sort(), ['BUCKET', 'DB', 'MODE', 'Q', 'SVC', 'VEC'], 'cli-worker bindings');
  same(((await cf.workers.scripts.schedules.get('cli-worker', { account_id })).schedules || []).map((x) => x.cron), ['*/5 * * * *'], 'crons');
  const text = await cf.workers.scripts.get('cli-worker', { account_id });
  if (!String(text).includes('cfemu client test')) throw new Error('script content lost');
}

check().then(
  () => console.log('ok - sdk after a cfemu restart on the same --data: every resource, row and binding is back'),
  (e) => {
    console.log('not ok - sdk after a cfemu restart on the same --data: every resource, row and binding is back');
    console.log(`#   ${e && e.message}`);
  },
);
