// SDK coverage: every method of the cloudflare SDK 7.3.0 resources for D1,
// R2, Queues, Vectorize, KV namespaces, Durable Object namespaces and
// Workers scripts, routes, domains and subdomains, and the single METHODS
// below, is called against cfemu.
// The method list is read from the SDK's own classes (methods(cf)), so a
// method with no call below fails the test instead of being skipped. Each
// call must get a Cloudflare-shaped answer: success, or the one error that
// call is expected to draw (never 404 code 7003 "No route", never 405).
import Cloudflare, { toFile } from 'cloudflare';

// Resource roots in scope (issue 11); every method below them is called.
const ROOTS = ['d1', 'r2', 'queues', 'vectorize', 'kv.namespaces', 'durableObjects.namespaces',
  'workers.scripts', 'workers.routes', 'workers.domains', 'workers.subdomains'];

// Single methods in scope whose resource cfemu emulates only in part: the
// beta Workers API's create, list, get and delete (not update, edit, versions).
const METHODS = ['workers.beta.workers.create', 'workers.beta.workers.list', 'workers.beta.workers.get', 'workers.beta.workers.delete'];

const mine = (n) => String(n).startsWith('cov-'); // other suites' resources are left alone

function at(obj, dotted) { return dotted.split('.').reduce((o, k) => o[k], obj); }

// methods(cf) -> ['d1.database.create', ...]: the public methods of every
// resource object below ROOTS (own prototypes up to APIResource), and those
// of METHODS the SDK has.
export function methods(cf) {
  const out = [];
  const walk = (obj, name) => {
    for (let p = Object.getPrototypeOf(obj); p && p.constructor.name !== 'APIResource' && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      for (const k of Object.getOwnPropertyNames(p)) {
        if (k !== 'constructor' && typeof obj[k] === 'function' && !out.includes(`${name}.${k}`)) out.push(`${name}.${k}`);
      }
    }
    for (const k of Object.keys(obj)) if (k !== '_client' && obj[k] && typeof obj[k] === 'object' && obj[k]._client) walk(obj[k], `${name}.${k}`);
  };
  for (const r of ROOTS) walk(at(cf, r), r);
  for (const m of METHODS) if (typeof at(cf, m) === 'function') out.push(m);
  return out;
}

function fail(msg) { throw new Error(msg); }
function eq(a, b, what) { if (JSON.stringify(a) !== JSON.stringify(b)) fail(`${what}: got ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`); }
async function all(it) { const out = []; for await (const x of it) { out.push(x); if (out.length > 500) fail('list does not end'); } return out; }

const WORKER_JS = 'export class Counter {}\nexport default { async fetch() { return new Response("cov"); } };\n';

// calls(cf, c) -> {method: fn | [fn, {status, code}]}; c holds ids made in
// setup and by earlier calls (they run in this order).
function calls(cf, c) {
  const a = { account_id: c.account };
  const b = { ...a, bucket_name: 'cov-bucket' };
  const s = { ...a, script_name: 'cov-worker' };
  const upload = async (name, extra = {}) => ({
    ...a,
    metadata: { main_module: 'w.js', compatibility_date: '2025-01-01', bindings: [{ type: 'plain_text', name: 'MODE', text: 'cov' }], ...extra },
    files: [await toFile(Buffer.from(WORKER_JS), 'w.js', { type: 'application/javascript+module' })],
  });
  return {
    // D1
    'd1.database.create': async () => { c.db2 = (await cf.d1.database.create({ ...a, name: 'cov-db2' })).uuid; },
    'd1.database.list': async () => { eq((await all(cf.d1.database.list({ ...a, name: 'cov-db2' }))).length, 1, 'd1 list by name'); },
    'd1.database.get': async () => { eq((await cf.d1.database.get(c.db2, a)).name, 'cov-db2', 'd1 get'); },
    'd1.database.update': async () => { await cf.d1.database.update(c.db2, { ...a, read_replication: { mode: 'disabled' } }); },
    'd1.database.edit': async () => { await cf.d1.database.edit(c.db2, { ...a, read_replication: { mode: 'auto' } }); },
    'd1.database.query': async () => { const r = await all(cf.d1.database.query(c.db, { ...a, sql: 'SELECT 1 AS one' })); eq(r[0].results, [{ one: 1 }], 'query'); },
    'd1.database.raw': async () => { const r = await all(cf.d1.database.raw(c.db, { ...a, sql: 'SELECT 1 AS one' })); eq(r[0].results.rows, [[1]], 'raw'); },
    'd1.database.export': async () => {
      const r = await cf.d1.database.export(c.db, { ...a, output_format: 'polling' });
      eq(r.status, 'complete', 'export status');
      const sql = await (await fetch(r.result.signed_url)).text();
      if (!sql.includes('CREATE TABLE notes') || !sql.includes("INSERT INTO \"notes\" VALUES(1,'it''s here');")) fail(`dump: ${sql}`);
    },
    'd1.database.import': async () => {
      const init = await cf.d1.database.import(c.db, { ...a, action: 'init', etag: 'c0ffee' });
      const put = await fetch(init.upload_url, { method: 'PUT', body: "INSERT INTO notes (body) VALUES ('imported');" });
      if (!put.ok) fail(`upload: ${put.status}`);
      const done = await cf.d1.database.import(c.db, { ...a, action: 'ingest', etag: 'c0ffee', filename: init.filename });
      eq(done.status, 'complete', 'ingest');
      const rows = await all(cf.d1.database.query(c.db, { ...a, sql: 'SELECT body FROM notes ORDER BY id' }));
      eq(rows[0].results.map((x) => x.body), ["it's here", 'imported'], 'rows after import');
    },
    'd1.database.timeTravel.getBookmark': async () => { c.bookmark = (await cf.d1.database.timeTravel.getBookmark(c.db, a)).bookmark; if (!c.bookmark) fail('no bookmark'); },
    'd1.database.timeTravel.restore': async () => { const r = await cf.d1.database.timeTravel.restore(c.db, { ...a, bookmark: c.bookmark }); eq(r.bookmark, c.bookmark, 'restored to'); },
    'd1.database.delete': async () => { await cf.d1.database.delete(c.db2, a); },
    // R2 buckets and their settings
    'r2.buckets.create': async () => { eq((await cf.r2.buckets.create({ ...a, name: 'cov-bucket2' })).name, 'cov-bucket2', 'r2 create'); },
    'r2.buckets.list': async () => { eq((await cf.r2.buckets.list(a)).buckets.map((x) => x.name).includes('cov-bucket2'), true, 'r2 list'); },
    'r2.buckets.get': async () => { eq((await cf.r2.buckets.get('cov-bucket2', a)).name, 'cov-bucket2', 'r2 get'); },
    'r2.buckets.edit': async () => { eq((await cf.r2.buckets.edit('cov-bucket2', { ...a, storage_class: 'InfrequentAccess' })).storage_class, 'InfrequentAccess', 'r2 edit'); },
    'r2.buckets.delete': async () => { await cf.r2.buckets.delete('cov-bucket2', a); },
    'r2.buckets.lifecycle.update': async () => { await cf.r2.buckets.lifecycle.update('cov-bucket', { ...a, rules: [{ id: 'expire', enabled: true, conditions: { prefix: 'tmp/' }, deleteObjectsTransition: { condition: { type: 'Age', maxAge: 86400 } } }] }); },
    'r2.buckets.lifecycle.get': async () => { eq((await cf.r2.buckets.lifecycle.get('cov-bucket', a)).rules.map((r) => r.id), ['expire'], 'lifecycle'); },
    'r2.buckets.cors.update': async () => { await cf.r2.buckets.cors.update('cov-bucket', { ...a, rules: [{ allowed: { methods: ['GET'], origins: ['https://cov.example'] } }] }); },
    'r2.buckets.cors.get': async () => { eq((await cf.r2.buckets.cors.get('cov-bucket', a)).rules[0].allowed.methods, ['GET'], 'cors'); },
    'r2.buckets.cors.delete': async () => { await cf.r2.buckets.cors.delete('cov-bucket', a); },
    'r2.buckets.locks.update': async () => { await cf.r2.buckets.locks.update('cov-bucket', { ...a, rules: [{ id: 'keep', enabled: true, condition: { type: 'Age', maxAgeSeconds: 3600 } }] }); },
    'r2.buckets.locks.get': async () => { eq((await cf.r2.buckets.locks.get('cov-bucket', a)).rules.map((r) => r.id), ['keep'], 'locks'); },
    'r2.buckets.metrics.list': async () => { const m = await cf.r2.buckets.metrics.list(a); if (!m.standard) fail(`metrics: ${JSON.stringify(m)}`); },
    'r2.buckets.sippy.update': async () => { await cf.r2.buckets.sippy.update('cov-bucket', { ...a, source: { provider: 'aws', bucket: 'src', region: 'us-east-1', accessKeyId: 'AKIA', secretAccessKey: 'not-a-secret' }, destination: { provider: 'r2', accessKeyId: 'k', secretAccessKey: 'not-a-secret' } }); },
    'r2.buckets.sippy.get': async () => { eq((await cf.r2.buckets.sippy.get('cov-bucket', a)).enabled, true, 'sippy enabled'); },
    'r2.buckets.sippy.delete': async () => { eq((await cf.r2.buckets.sippy.delete('cov-bucket', a)).enabled, false, 'sippy disabled'); },
    'r2.buckets.objects.upload': async () => { await cf.r2.buckets.objects.upload('dir/hello.txt', 'hello r2', b); },
    'r2.buckets.objects.list': async () => { eq((await all(cf.r2.buckets.objects.list('cov-bucket', a))).map((o) => o.key), ['dir/hello.txt'], 'objects'); },
    'r2.buckets.objects.get': async () => { eq(await (await cf.r2.buckets.objects.get('dir/hello.txt', b)).text(), 'hello r2', 'object body'); },
    'r2.buckets.objects.delete': async () => { await cf.r2.buckets.objects.delete('dir/hello.txt', b); },
    'r2.buckets.domains.managed.list': async () => { eq((await cf.r2.buckets.domains.managed.list('cov-bucket', a)).enabled, false, 'managed domain'); },
    'r2.buckets.domains.managed.update': async () => { eq((await cf.r2.buckets.domains.managed.update('cov-bucket', { ...a, enabled: true })).enabled, true, 'managed on'); },
    'r2.buckets.domains.custom.create': async () => { await cf.r2.buckets.domains.custom.create('cov-bucket', { ...a, domain: 'cdn.cov.example', zoneId: c.zone, enabled: true }); },
    'r2.buckets.domains.custom.list': async () => { eq((await cf.r2.buckets.domains.custom.list('cov-bucket', a)).domains.map((d) => d.domain), ['cdn.cov.example'], 'custom domains'); },
    'r2.buckets.domains.custom.get': async () => { eq((await cf.r2.buckets.domains.custom.get('cdn.cov.example', b)).domain, 'cdn.cov.example', 'custom get'); },
    'r2.buckets.domains.custom.update': async () => { eq((await cf.r2.buckets.domains.custom.update('cdn.cov.example', { ...b, minTLS: '1.2' })).minTLS, '1.2', 'custom update'); },
    'r2.buckets.domains.custom.delete': async () => { await cf.r2.buckets.domains.custom.delete('cdn.cov.example', b); },
    'r2.buckets.eventNotifications.update': async () => { await cf.r2.buckets.eventNotifications.update(c.queue, { ...b, rules: [{ actions: ['PutObject'], prefix: 'img/' }] }); },
    'r2.buckets.eventNotifications.list': async () => { eq((await cf.r2.buckets.eventNotifications.list('cov-bucket', a)).queues.map((q) => q.queueName), ['cov-queue'], 'notifications'); },
    'r2.buckets.eventNotifications.get': async () => { eq((await cf.r2.buckets.eventNotifications.get(c.queue, b)).rules[0].prefix, 'img/', 'notification rule'); },
    'r2.buckets.eventNotifications.delete': async () => { await cf.r2.buckets.eventNotifications.delete(c.queue, b); },
    'r2.temporaryCredentials.create': async () => { const t = await cf.r2.temporaryCredentials.create({ ...a, bucket: 'cov-bucket', parentAccessKeyId: 'parent', permission: 'object-read-only', ttlSeconds: 3600 }); if (!t.accessKeyId || !t.sessionToken) fail('no credentials'); },
    // R2 Super Slurper: jobs are recorded; cfemu copies nothing
    'r2.superSlurper.connectivityPrecheck.source': async () => { eq((await cf.r2.superSlurper.connectivityPrecheck.source({ ...a, bucket: 'src', secret: { accessKeyId: 'k', secretAccessKey: 'not-a-secret' }, vendor: 's3' })).connectivityStatus, 'success', 'source precheck'); },
    'r2.superSlurper.connectivityPrecheck.target': async () => { eq((await cf.r2.superSlurper.connectivityPrecheck.target({ ...a, bucket: 'cov-bucket', secret: { accessKeyId: 'k', secretAccessKey: 'not-a-secret' }, vendor: 'r2' })).connectivityStatus, 'success', 'target precheck'); },
    'r2.superSlurper.jobs.create': async () => { c.job = (await cf.r2.superSlurper.jobs.create({ ...a, source: { bucket: 'src', secret: { accessKeyId: 'k', secretAccessKey: 'not-a-secret' }, vendor: 's3' }, target: { bucket: 'cov-bucket', secret: { accessKeyId: 'k', secretAccessKey: 'not-a-secret' }, vendor: 'r2' } })).id; },
    'r2.superSlurper.jobs.list': async () => { eq((await all(cf.r2.superSlurper.jobs.list(a))).map((j) => j.id).includes(c.job), true, 'jobs'); },
    'r2.superSlurper.jobs.get': async () => { eq((await cf.r2.superSlurper.jobs.get(c.job, a)).id, c.job, 'job'); },
    'r2.superSlurper.jobs.progress': async () => { eq((await cf.r2.superSlurper.jobs.progress(c.job, a)).id, c.job, 'progress'); },
    'r2.superSlurper.jobs.pause': async () => { await cf.r2.superSlurper.jobs.pause(c.job, a); eq((await cf.r2.superSlurper.jobs.get(c.job, a)).status, 'paused', 'paused'); },
    'r2.superSlurper.jobs.resume': async () => { await cf.r2.superSlurper.jobs.resume(c.job, a); eq((await cf.r2.superSlurper.jobs.get(c.job, a)).status, 'running', 'resumed'); },
    'r2.superSlurper.jobs.logs.list': async () => { await all(cf.r2.superSlurper.jobs.logs.list(c.job, a)); },
    'r2.superSlurper.jobs.abort': async () => { await cf.r2.superSlurper.jobs.abort(c.job, a); eq((await cf.r2.superSlurper.jobs.get(c.job, a)).status, 'aborted', 'aborted'); },
    'r2.superSlurper.jobs.abortAll': async () => { await cf.r2.superSlurper.jobs.abortAll(a); },
    // Queues
    'queues.create': async () => { c.q2 = (await cf.queues.create({ ...a, queue_name: 'cov-q2' })).queue_id; },
    'queues.list': async () => { eq((await all(cf.queues.list(a))).map((q) => q.queue_name).filter(mine).sort(), ['cov-q2', 'cov-queue'], 'queues'); },
    'queues.get': async () => { eq((await cf.queues.get(c.q2, a)).queue_name, 'cov-q2', 'queue get'); },
    'queues.update': async () => { await cf.queues.update(c.q2, { ...a, queue_name: 'cov-q2', settings: { delivery_delay: 5 } }); },
    'queues.edit': async () => { eq((await cf.queues.edit(c.q2, { ...a, settings: { message_retention_period: 3600 } })).settings.message_retention_period, 3600, 'queue edit'); },
    'queues.messages.push': async () => { await cf.queues.messages.push(c.q2, { ...a, body: { n: 1 } }); },
    'queues.messages.bulkPush': async () => { await cf.queues.messages.bulkPush(c.q2, { ...a, messages: [{ body: 'two' }, { body: 'three' }] }); },
    'queues.getMetrics': async () => { eq((await cf.queues.getMetrics(c.q2, a)).backlog_count, 3, 'backlog'); },
    'queues.messages.peek': async () => { eq((await cf.queues.messages.peek(c.q2, { ...a, batch_size: 10 })).messages.length, 3, 'peek'); },
    'queues.messages.pull': async () => { c.leases = (await cf.queues.messages.pull(c.q2, { ...a, batch_size: 2 })).messages.map((m) => m.lease_id); eq(c.leases.length, 2, 'pulled'); },
    'queues.messages.ack': async () => { eq((await cf.queues.messages.ack(c.q2, { ...a, acks: [{ lease_id: c.leases[0] }], retries: [{ lease_id: c.leases[1] }] })).ackCount, 1, 'acked'); },
    'queues.messages.purge': async () => { const refs = (await cf.queues.messages.peek(c.q2, { ...a, batch_size: 10 })).messages.map((m) => ({ ref: m.ref })); eq((await cf.queues.messages.purge(c.q2, { ...a, refs: refs.slice(0, 1) })).errors, [], 'purge errors'); eq((await cf.queues.getMetrics(c.q2, a)).backlog_count, 1, 'backlog after purging one'); },
    'queues.purge.start': async () => { await cf.queues.purge.start(c.q2, { ...a, delete_messages_permanently: true }); eq((await cf.queues.getMetrics(c.q2, a)).backlog_count, 0, 'backlog after purge'); },
    'queues.purge.status': async () => { eq((await cf.queues.purge.status(c.q2, a)).completed, 'true', 'purge status'); },
    'queues.consumers.create': async () => { c.consumer = (await cf.queues.consumers.create(c.q2, { ...a, type: 'http_pull' })).consumer_id; },
    'queues.consumers.list': async () => { eq((await all(cf.queues.consumers.list(c.q2, a))).length, 1, 'consumers'); },
    'queues.consumers.get': async () => { eq((await cf.queues.consumers.get(c.consumer, { ...a, queue_id: c.q2 })).type, 'http_pull', 'consumer'); },
    'queues.consumers.update': async () => { await cf.queues.consumers.update(c.consumer, { ...a, queue_id: c.q2, type: 'http_pull', settings: { batch_size: 7 } }); },
    'queues.consumers.delete': async () => { await cf.queues.consumers.delete(c.consumer, { ...a, queue_id: c.q2 }); },
    'queues.subscriptions.create': async () => { c.sub = (await cf.queues.subscriptions.create({ ...a, name: 'cov-sub', enabled: true, source: { type: 'workersBuilds.worker', worker_name: 'cov-worker' }, destination: { type: 'queues.queue', queue_id: c.q2 }, events: ['build.completed'] })).id; },
    'queues.subscriptions.list': async () => { eq((await all(cf.queues.subscriptions.list(a))).map((x) => x.name), ['cov-sub'], 'subscriptions'); },
    'queues.subscriptions.get': async () => { eq((await cf.queues.subscriptions.get(c.sub, a)).name, 'cov-sub', 'subscription'); },
    'queues.subscriptions.update': async () => { eq((await cf.queues.subscriptions.update(c.sub, { ...a, enabled: false })).enabled, false, 'subscription off'); },
    'queues.subscriptions.delete': async () => { await cf.queues.subscriptions.delete(c.sub, a); },
    'queues.delete': async () => { await cf.queues.delete(c.q2, a); },
    // Vectorize
    'vectorize.indexes.create': async () => { await cf.vectorize.indexes.create({ ...a, name: 'cov-index2', config: { dimensions: 3, metric: 'euclidean' } }); },
    'vectorize.indexes.list': async () => { eq((await all(cf.vectorize.indexes.list(a))).map((i) => i.name).filter(mine).sort(), ['cov-index', 'cov-index2'], 'indexes'); },
    'vectorize.indexes.get': async () => { eq((await cf.vectorize.indexes.get('cov-index2', a)).config.metric, 'euclidean', 'index'); },
    'vectorize.indexes.metadataIndex.create': async () => { await cf.vectorize.indexes.metadataIndex.create('cov-index', { ...a, propertyName: 'kind', indexType: 'string' }); },
    'vectorize.indexes.metadataIndex.list': async () => { eq((await cf.vectorize.indexes.metadataIndex.list('cov-index', a)).metadataIndexes, [{ propertyName: 'kind', indexType: 'string' }], 'metadata indexes'); },
    'vectorize.indexes.insert': async () => { await cf.vectorize.indexes.insert('cov-index', { ...a, body: await toFile(Buffer.from('{"id":"a","values":[1,0,0],"metadata":{"kind":"x"}}\n{"id":"b","values":[0,1,0],"metadata":{"kind":"y"}}\n'), 'v.ndjson') }); },
    'vectorize.indexes.upsert': async () => { await cf.vectorize.indexes.upsert('cov-index', { ...a, body: await toFile(Buffer.from('{"id":"b","values":[0,0,1],"metadata":{"kind":"y"}}\n'), 'v.ndjson') }); },
    'vectorize.indexes.query': async () => { const r = await cf.vectorize.indexes.query('cov-index', { ...a, vector: [0, 0.1, 1], topK: 1 }); eq(r.matches.map((m) => m.id), ['b'], 'nearest'); },
    'vectorize.indexes.getByIDs': async () => { const r = await cf.vectorize.indexes.getByIDs('cov-index', { ...a, ids: ['a'] }); eq(r.map((v) => v.id), ['a'], 'by ids'); },
    'vectorize.indexes.listVectors': async () => { eq((await cf.vectorize.indexes.listVectors('cov-index', a)).vectors.map((v) => v.id), ['a', 'b'], 'vector ids'); },
    'vectorize.indexes.info': async () => { eq((await cf.vectorize.indexes.info('cov-index', a)).vectorCount, 2, 'vector count'); },
    'vectorize.indexes.deleteByIDs': async () => { await cf.vectorize.indexes.deleteByIDs('cov-index', { ...a, ids: ['a'] }); eq((await cf.vectorize.indexes.info('cov-index', a)).vectorCount, 1, 'after delete'); },
    'vectorize.indexes.metadataIndex.delete': async () => { await cf.vectorize.indexes.metadataIndex.delete('cov-index', { ...a, propertyName: 'kind' }); },
    'vectorize.indexes.delete': async () => { await cf.vectorize.indexes.delete('cov-index2', a); },
    // KV namespaces, keys and values
    'kv.namespaces.create': async () => { c.kv2 = (await cf.kv.namespaces.create({ ...a, title: 'cov-kv2' })).id; },
    'kv.namespaces.list': async () => { eq((await all(cf.kv.namespaces.list({ ...a, per_page: 5 }))).map((n) => n.title).filter(mine).sort(), ['cov-kv', 'cov-kv2'], 'namespaces'); },
    'kv.namespaces.get': async () => { eq((await cf.kv.namespaces.get(c.kv2, a)).title, 'cov-kv2', 'namespace'); },
    'kv.namespaces.update': async () => { eq((await cf.kv.namespaces.update(c.kv2, { ...a, title: 'cov-kv2-renamed' })).title, 'cov-kv2-renamed', 'renamed'); },
    'kv.namespaces.values.update': async () => { await cf.kv.namespaces.values.update('greeting', { ...ns(), value: 'hello kv', metadata: '{"lang":"en"}' }); },
    'kv.namespaces.values.get': async () => { eq(await (await cf.kv.namespaces.values.get('greeting', ns())).text(), 'hello kv', 'value'); },
    'kv.namespaces.metadata.get': async () => { eq(await cf.kv.namespaces.metadata.get('greeting', ns()), { lang: 'en' }, 'metadata'); },
    'kv.namespaces.bulkUpdate': async () => { eq((await cf.kv.namespaces.bulkUpdate(c.kv, { ...a, body: [{ key: 'k1', value: 'v1' }, { key: 'k2', value: 'v2' }] })).successful_key_count, 2, 'bulk put'); },
    'kv.namespaces.keys.bulkUpdate': async () => { await cf.kv.namespaces.keys.bulkUpdate(c.kv, { ...a, body: [{ key: 'k3', value: 'v3' }] }); },
    'kv.namespaces.keys.list': async () => { eq((await all(cf.kv.namespaces.keys.list(c.kv, a))).map((k) => k.name), ['greeting', 'k1', 'k2', 'k3'], 'keys'); },
    'kv.namespaces.bulkGet': async () => { eq((await cf.kv.namespaces.bulkGet(c.kv, { ...a, keys: ['k1', 'k2'] })).values, { k1: 'v1', k2: 'v2' }, 'bulk get'); },
    'kv.namespaces.keys.bulkGet': async () => { eq((await cf.kv.namespaces.keys.bulkGet(c.kv, { ...a, keys: ['k3'] })).values, { k3: 'v3' }, 'keys bulk get'); },
    'kv.namespaces.bulkDelete': async () => { await cf.kv.namespaces.bulkDelete(c.kv, { ...a, body: ['k1'] }); },
    'kv.namespaces.keys.bulkDelete': async () => { await cf.kv.namespaces.keys.bulkDelete(c.kv, { ...a, body: ['k2', 'k3'] }); },
    'kv.namespaces.values.delete': async () => { await cf.kv.namespaces.values.delete('greeting', ns()); eq((await all(cf.kv.namespaces.keys.list(c.kv, a))).length, 0, 'keys left'); },
    'kv.namespaces.delete': async () => { await cf.kv.namespaces.delete(c.kv2, a); },
    // Durable Object namespaces (made by cov-worker's migration in setup)
    'durableObjects.namespaces.list': async () => { const l = (await all(cf.durableObjects.namespaces.list(a))).filter((n) => mine(n.script)); c.doNs = l.find((n) => n.script === 'cov-worker').id; eq(l.map((n) => [n.class, n.script]), [['Counter', 'cov-worker']], 'DO namespaces'); },
    'durableObjects.namespaces.objects.list': async () => { eq((await all(cf.durableObjects.namespaces.objects.list(c.doNs, a))).length, 0, 'objects'); },
    // Workers scripts
    'workers.scripts.update': async () => { eq((await cf.workers.scripts.update('cov-worker2', await upload('cov-worker2'))).id, 'cov-worker2', 'uploaded'); },
    'workers.scripts.list': async () => { eq((await all(cf.workers.scripts.list(a))).map((x) => x.id).filter(mine).sort(), ['cov-worker', 'cov-worker2'], 'scripts'); },
    'workers.scripts.search': async () => { eq((await cf.workers.scripts.search({ ...a, name: 'cov-worker2' })).map((x) => x.script_name), ['cov-worker2'], 'search'); },
    'workers.scripts.get': async () => { if (!String(await cf.workers.scripts.get('cov-worker2', a)).includes('cov')) fail('download'); },
    'workers.scripts.content.update': async () => { await cf.workers.scripts.content.update('cov-worker2', await upload('cov-worker2')); },
    'workers.scripts.content.get': async () => { if (!(await (await cf.workers.scripts.content.get('cov-worker2', a)).text()).includes('cov')) fail('content'); },
    'workers.scripts.settings.edit': async () => { eq((await cf.workers.scripts.settings.edit('cov-worker2', { ...a, logpush: true, observability: { enabled: true } })).logpush, true, 'script-settings'); },
    'workers.scripts.settings.get': async () => { eq((await cf.workers.scripts.settings.get('cov-worker2', a)).observability.enabled, true, 'observability'); },
    'workers.scripts.scriptAndVersionSettings.edit': async () => { await cf.workers.scripts.scriptAndVersionSettings.edit('cov-worker2', { ...a, settings: { compatibility_date: '2025-02-02' } }); },
    'workers.scripts.scriptAndVersionSettings.get': async () => {
      const st = await cf.workers.scripts.scriptAndVersionSettings.get('cov-worker2', a);
      eq([st.compatibility_date, st.bindings.map((x) => [x.type, x.name, x.text])], ['2025-02-02', [['plain_text', 'MODE', 'cov']]], 'settings and the binding sent as metadata[bindings][] fields');
    },
    'workers.scripts.schedules.update': async () => { await cf.workers.scripts.schedules.update('cov-worker2', { ...a, body: [{ cron: '*/10 * * * *' }] }); },
    'workers.scripts.schedules.get': async () => { eq((await cf.workers.scripts.schedules.get('cov-worker2', a)).schedules.map((x) => x.cron), ['*/10 * * * *'], 'schedules'); },
    'workers.scripts.subdomain.create': async () => { eq((await cf.workers.scripts.subdomain.create('cov-worker2', { ...a, enabled: true })).enabled, true, 'workers.dev'); },
    'workers.scripts.subdomain.get': async () => { eq((await cf.workers.scripts.subdomain.get('cov-worker2', a)).previews_enabled, true, 'previews'); },
    'workers.scripts.subdomain.delete': async () => { eq((await cf.workers.scripts.subdomain.delete('cov-worker2', a)).enabled, false, 'workers.dev off'); },
    'workers.scripts.secrets.update': async () => { await cf.workers.scripts.secrets.update('cov-worker2', { ...a, name: 'TOKEN', text: 'not-a-real-secret', type: 'secret_text' }); },
    'workers.scripts.secrets.list': async () => { eq((await all(cf.workers.scripts.secrets.list('cov-worker2', a))).map((x) => x.name), ['TOKEN'], 'secrets'); },
    'workers.scripts.secrets.get': async () => { const x = await cf.workers.scripts.secrets.get('TOKEN', s2(a)); if (x.text) fail('secret value returned'); },
    'workers.scripts.secrets.bulkUpdate': async () => { eq(Object.keys(await cf.workers.scripts.secrets.bulkUpdate('cov-worker2', { ...a, secrets: { OTHER: { name: 'OTHER', text: 'not-a-real-secret', type: 'secret_text' } } })).sort(), ['OTHER', 'TOKEN'], 'secrets after bulk'); },
    'workers.scripts.secrets.delete': async () => { await cf.workers.scripts.secrets.delete('OTHER', s2(a)); },
    'workers.scripts.versions.create': async () => { c.version = (await cf.workers.scripts.versions.create('cov-worker2', await upload('cov-worker2'))).id; },
    'workers.scripts.versions.list': async () => { eq((await all(cf.workers.scripts.versions.list('cov-worker2', a))).map((v) => v.id).includes(c.version), true, 'versions'); },
    'workers.scripts.versions.get': async () => { eq((await cf.workers.scripts.versions.get(c.version, s2(a))).id, c.version, 'version'); },
    'workers.scripts.deployments.create': async () => { c.deployment = (await cf.workers.scripts.deployments.create('cov-worker2', { ...a, strategy: 'percentage', versions: [{ version_id: c.version, percentage: 100 }] })).id; },
    'workers.scripts.deployments.list': async () => { await cf.workers.scripts.deployments.list('cov-worker2', a); },
    'workers.scripts.deployments.get': async () => { eq((await cf.workers.scripts.deployments.get(c.deployment, s2(a))).id, c.deployment, 'deployment'); },
    'workers.scripts.deployments.delete': [async () => { await cf.workers.scripts.deployments.delete(c.deployment, s2(a)); }, { status: 400, code: 10239 }],
    'workers.scripts.tail.create': async () => { const t = await cf.workers.scripts.tail.create('cov-worker2', a); c.tail = t.id; if (!String(t.url).startsWith('wss://')) fail('tail url'); },
    'workers.scripts.tail.get': async () => { eq((await cf.workers.scripts.tail.get('cov-worker2', a)).id, c.tail, 'tail'); },
    'workers.scripts.tail.delete': async () => { await cf.workers.scripts.tail.delete(c.tail, s2(a)); },
    'workers.scripts.assets.upload.create': async () => { const r = await cf.workers.scripts.assets.upload.create('cov-worker2', { ...a, manifest: { '/index.html': { hash: '0123456789abcdef0123456789abcdef', size: 5 } } }); if (!r.jwt) fail('no upload jwt'); },
    // routes, custom domains, account subdomain
    'workers.routes.create': async () => { c.route = (await cf.workers.routes.create({ zone_id: c.zone, pattern: 'cov.example/api/*', script: 'cov-worker2' })).id; },
    'workers.routes.list': async () => { eq((await all(cf.workers.routes.list({ zone_id: c.zone }))).map((r) => r.pattern), ['cov.example/api/*'], 'routes'); },
    'workers.routes.get': async () => { eq((await cf.workers.routes.get(c.route, { zone_id: c.zone })).script, 'cov-worker2', 'route'); },
    'workers.routes.update': async () => { eq((await cf.workers.routes.update(c.route, { zone_id: c.zone, pattern: 'cov.example/v2/*', script: 'cov-worker2' })).pattern, 'cov.example/v2/*', 'route updated'); },
    'workers.routes.delete': async () => { await cf.workers.routes.delete(c.route, { zone_id: c.zone }); },
    'workers.domains.update': async () => { c.domain = (await cf.workers.domains.update({ ...a, hostname: 'app.cov.example', service: 'cov-worker2', zone_id: c.zone })).id; },
    'workers.domains.list': async () => { eq((await all(cf.workers.domains.list({ ...a, service: 'cov-worker2' }))).map((d) => d.hostname), ['app.cov.example'], 'domains'); },
    'workers.domains.get': async () => { eq((await cf.workers.domains.get(c.domain, a)).zone_name, 'cov.example', 'domain'); },
    'workers.domains.delete': async () => { await cf.workers.domains.delete(c.domain, a); },
    'workers.subdomains.get': async () => { c.sub0 = (await cf.workers.subdomains.get(a)).subdomain; if (!c.sub0) fail('no subdomain'); },
    'workers.subdomains.update': async () => { eq((await cf.workers.subdomains.update({ ...a, subdomain: 'cov-sub' })).subdomain, 'cov-sub', 'subdomain'); },
    'workers.subdomains.delete': async () => { await cf.workers.subdomains.delete(a); await cf.workers.subdomains.update({ ...a, subdomain: c.sub0 }); },
    'workers.scripts.delete': async () => { await cf.workers.scripts.delete('cov-worker2', a); },
    // the beta Workers API: a Worker made before its code, filled in by an upload
    'workers.beta.workers.create': async () => {
      const w = await cf.workers.beta.workers.create({ ...a, name: 'cov-beta', subdomain: { enabled: true, previews_enabled: true } });
      eq([w.name, w.deployed_on, w.subdomain, /^[0-9a-f]{32}$/.test(w.id), w.tags, w.references.workers], ['cov-beta', null, { enabled: true, previews_enabled: true }, true, [], []], 'created Worker');
      c.beta = w.id;
      const again = await cf.workers.beta.workers.create({ ...a, name: 'cov-beta' }).then(() => null, (e) => e);
      if (!(again instanceof Cloudflare.ConflictError)) fail(`second create: ${again && again.constructor.name}`);
    },
    'workers.beta.workers.get': async () => {
      eq([(await cf.workers.beta.workers.get(c.beta, a)).name, (await cf.workers.beta.workers.get('cov-beta', a)).id], ['cov-beta', c.beta], 'get by id and by name');
      await cf.workers.scripts.update('cov-beta', await upload('cov-beta'));
      const w = await cf.workers.beta.workers.get(c.beta, a);
      if (!w.deployed_on) fail('no deployed_on after the upload');
      eq(await cf.workers.scripts.subdomain.get('cov-beta', a), { enabled: true, previews_enabled: true }, 'workers.dev after the upload');
    },
    'workers.beta.workers.list': async () => { eq((await all(cf.workers.beta.workers.list(a))).map((w) => w.name).filter(mine).sort(), ['cov-beta', 'cov-worker'], 'Workers'); },
    'workers.beta.workers.delete': async () => {
      eq((await cf.workers.beta.workers.delete(c.beta, a)).success, true, 'deleted');
      eq((await all(cf.workers.scripts.list(a))).map((x) => x.id).includes('cov-beta'), false, 'listed after delete');
    },
  };
  function s2(x) { return { ...x, script_name: 'cov-worker2' }; }
  function ns() { return { ...a, namespace_id: c.kv }; }
}

// An error is Cloudflare-shaped when it carries {errors: [{code, message}]}
// and is not the emulator's "no such route" (404 7003) or a 405.
function shapeError(e) {
  if (!(e instanceof Cloudflare.APIError)) return `not an API error: ${e && e.message}`;
  const first = e.errors && e.errors[0];
  if (!first || typeof first.code !== 'number' || typeof first.message !== 'string') return `no {code, message} in errors: ${JSON.stringify(e.error)}`;
  if (e.status === 405 || (e.status === 404 && first.code === 7003)) return `no route: ${e.status} ${first.code} ${first.message}`;
  return null;
}

async function setup(cf, c) {
  const a = { account_id: c.account };
  c.zone = (await paced(() => cf.zones.create({ account: { id: c.account }, name: 'cov.example' }))).id;
  c.db = (await paced(() => cf.d1.database.create({ ...a, name: 'cov-db' }))).uuid;
  await paced(() => all(cf.d1.database.query(c.db, { ...a, sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('it''s here')" })));
  await paced(() => cf.r2.buckets.create({ ...a, name: 'cov-bucket' }));
  c.queue = (await paced(() => cf.queues.create({ ...a, queue_name: 'cov-queue' }))).queue_id;
  await paced(() => cf.vectorize.indexes.create({ ...a, name: 'cov-index', config: { dimensions: 3, metric: 'cosine' } }));
  c.kv = (await paced(() => cf.kv.namespaces.create({ ...a, title: 'cov-kv' }))).id;
  const module = await toFile(Buffer.from(WORKER_JS), 'w.js', { type: 'application/javascript+module' });
  await paced(() => cf.workers.scripts.update('cov-worker', {
    ...a,
    metadata: {
      main_module: 'w.js', compatibility_date: '2025-01-01',
      bindings: [{ type: 'durable_object_namespace', name: 'COUNTER', class_name: 'Counter' }, { type: 'kv_namespace', name: 'KV', namespace_id: c.kv }],
      migrations: { new_tag: 'v1', new_sqlite_classes: ['Counter'] },
    },
    files: [module],
  }));
}

async function teardown(cf, c) {
  const a = { account_id: c.account };
  await paced(() => cf.workers.scripts.delete('cov-worker', a));
  await paced(() => cf.kv.namespaces.delete(c.kv, a));
  await paced(() => cf.vectorize.indexes.delete('cov-index', a));
  await paced(() => cf.queues.delete(c.queue, a));
  await paced(() => cf.r2.buckets.delete('cov-bucket', a));
  await paced(() => cf.d1.database.delete(c.db, a));
  await paced(() => cf.zones.delete({ zone_id: c.zone }));
}

// paced(fn): fn, run again after Retry-After when cfemu's per-IP limit
// (200 requests a second, as Cloudflare's) refuses it with 429 code 971. The
// client runs with maxRetries 0 so that every other error reaches the check
// as Cloudflare sent it. A refused request was not carried out.
async function paced(fn) {
  for (let attempt = 0; ; attempt++) {
    try { return await fn(); } catch (e) {
      const limited = e instanceof Cloudflare.APIError && e.status === 429 && e.errors && e.errors[0] && e.errors[0].code === 971;
      if (!limited || attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 1000 * Number(e.headers?.get?.('retry-after') || 1)));
    }
  }
}

// coverage(report): one reported test per SDK method, plus the checks that
// the list of methods is complete and the setup and teardown work.
export async function coverage(report) {
  const cf = new Cloudflare({ apiToken: process.env.CLOUDFLARE_API_TOKEN, baseURL: process.env.CLOUDFLARE_API_BASE_URL, maxRetries: 0, timeout: 20000 });
  const c = { account: process.env.CLOUDFLARE_ACCOUNT_ID };
  const list = methods(cf);
  const table = calls(cf, c);
  const missing = list.filter((m) => !(m in table));
  const stale = Object.keys(table).filter((m) => !list.includes(m));
  report(`sdk coverage: a call for each of the ${list.length} SDK methods in scope`,
    missing.length || stale.length ? new Error(`no call for: ${missing.join(', ')}; not an SDK method: ${stale.join(', ')}`) : null);
  try { await setup(cf, c); report('sdk coverage: setup (zone, D1, R2, queue, index, KV, worker with a DO migration)'); } catch (e) { report('sdk coverage: setup', e); return; }
  for (const [name, spec] of Object.entries(table)) {
    const [fn, expected] = Array.isArray(spec) ? spec : [spec, null];
    let err = null;
    try {
      await paced(fn);
      if (expected) err = new Error(`expected ${expected.status} code ${expected.code}, got success`);
    } catch (e) {
      const shape = shapeError(e);
      if (shape) err = new Error(shape);
      else if (!expected) err = new Error(`${e.status} ${JSON.stringify(e.errors)}`);
      else if (e.status !== expected.status || e.errors[0].code !== expected.code) err = new Error(`expected ${expected.status} code ${expected.code}, got ${e.status} ${JSON.stringify(e.errors)}`);
    }
    report(`sdk coverage: ${name}${expected ? ` (refused ${expected.status} code ${expected.code}, as Cloudflare does)` : ''}`, err);
  }
  try { await teardown(cf, c); report('sdk coverage: teardown deletes every resource it made'); } catch (e) { report('sdk coverage: teardown', e); }
}
