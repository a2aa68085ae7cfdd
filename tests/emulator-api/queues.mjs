// Queues and queue consumers (API.md section 5): create/list/get/PUT/PATCH/
// delete, consumers with `script` and `script_name`, and the conflicts.
import { assert, eq, ISO } from './harness.mjs';
import { uploadWorker } from './upload.mjs';

const QUEUES = '/accounts/{account_id}/queues';
const QUEUE = '/accounts/{account_id}/queues/{queue_id}';
const CONSUMERS = '/accounts/{account_id}/queues/{queue_id}/consumers';
const CONSUMER = '/accounts/{account_id}/queues/{queue_id}/consumers/{consumer_id}';
const HEX32 = /^[0-9a-f]{32}$/;

// Runs the queue tests; leaves queue "api-q-kept" (ctx.queue = {id, name}).
export default async function queues(h, ctx) {
  const { call, check, test } = h;
  const q = {};
  await test('queues create: 32-hex queue_id', async () => {
    const r = check(await call('POST', QUEUES, { json: { queue_name: 'api-q-main' } }), 200);
    assert(HEX32.test(r.result.queue_id), `queue_id ${r.result.queue_id}`);
    assert(ISO.test(r.result.created_on) && ISO.test(r.result.modified_on), `timestamps ${r.result.created_on} ${r.result.modified_on}`);
    eq(r.result.queue_name, 'api-q-main', 'queue_name');
    q.id = r.result.queue_id;
  });
  await test('queues create: duplicate name is 409 code 11009, x-should-retry false', async () => {
    const r = await call('POST', QUEUES, { json: { queue_name: 'api-q-main' } });
    check(r, 409, { code: 11009 });
    eq(r.headers.get('x-should-retry'), 'false', 'x-should-retry header');
  });
  await test('queues create: missing or invalid name is 400', async () => {
    check(await call('POST', QUEUES, { json: {} }), 400);
    check(await call('POST', QUEUES, { json: { queue_name: 'has spaces!' } }), 400);
  });
  await test('queues list: result_info and repeated name filter', async () => {
    const all = check(await call('GET', QUEUES, { query: { page: 1 } }), 200);
    assert(all.result.some((x) => x.queue_id === q.id), 'created queue not listed');
    for (const k of ['count', 'page', 'per_page', 'total_count', 'total_pages']) assert(all.result_info && k in all.result_info, `result_info.${k} missing`);
    const f = check(await call('GET', QUEUES, { query: { name: ['api-q-main', 'api-q-main'], page: 1 } }), 200);
    eq(f.result.map((x) => x.queue_name), ['api-q-main'], 'name filter');
    const past = check(await call('GET', QUEUES, { query: { page: 99 } }), 200);
    eq(past.result, [], 'page past the end');
  });
  await test('queues get: 200, and 404 when unknown', async () => {
    const r = check(await call('GET', QUEUE, { params: { queue_id: q.id } }), 200);
    eq(r.result.queue_name, 'api-q-main', 'queue_name');
    check(await call('GET', QUEUE, { params: { queue_id: '0'.repeat(32) } }), 404);
  });
  await test('queues PUT: rename and settings', async () => {
    const body = { queue_name: 'api-q-renamed', settings: { delivery_delay: 5, message_retention_period: 86400 } };
    const r = check(await call('PUT', QUEUE, { params: { queue_id: q.id }, json: body }), 200);
    eq(r.result.queue_name, 'api-q-renamed', 'renamed');
    const g = check(await call('GET', QUEUE, { params: { queue_id: q.id } }), 200);
    eq([g.result.queue_name, g.result.settings && g.result.settings.delivery_delay], ['api-q-renamed', 5], 'read back');
  });
  await test('queues PATCH: partial settings keep the name (OAS26)', async () => {
    const r = check(await call('PATCH', QUEUE, { params: { queue_id: q.id }, json: { settings: { delivery_paused: true } } }), 200);
    eq(r.result.queue_name, 'api-q-renamed', 'name kept');
    eq(r.result.settings && r.result.settings.delivery_paused, true, 'delivery_paused');
  });
  await test('queues PUT: settings beyond the documented limits are 400', async () => {
    const put = (settings) => call('PUT', QUEUE, { params: { queue_id: q.id }, json: { queue_name: 'api-q-renamed', settings } });
    check(await put({ message_retention_period: 1209601 }), 400);
    check(await put({ delivery_delay: 43201 }), 400);
    check(await put({ message_retention_period: 1209600, delivery_delay: 43200 }), 200);
  });
  await test('queues PUT/PATCH: unknown queue is 404', async () => {
    check(await call('PUT', QUEUE, { params: { queue_id: '0'.repeat(32) }, json: { queue_name: 'x-y' } }), 404);
    check(await call('PATCH', QUEUE, { params: { queue_id: '0'.repeat(32) }, json: { settings: {} } }), 404);
  });
  await consumers(h, q);
  await test('queues delete: 200, then 404', async () => {
    check(await call('DELETE', QUEUE, { params: { queue_id: q.id } }), 200);
    check(await call('GET', QUEUE, { params: { queue_id: q.id } }), 404);
    check(await call('DELETE', QUEUE, { params: { queue_id: q.id } }), 404);
  });
  await test('queues create (kept for the Workers tests)', async () => {
    const r = await call('POST', QUEUES, { json: { queue_name: 'api-q-kept' } });
    ctx.queue = { id: r.json && r.json.result && r.json.result.queue_id, name: 'api-q-kept' };
    check(r, 200);
  });
}

async function consumers(h, q) {
  const { call, check, test } = h;
  const c = {};
  await test('consumers: worker consumer create returns script and script_name', async () => {
    check(await uploadWorker(h, 'api-q-consumer'), 200);
    check(await call('POST', QUEUES, { json: { queue_name: 'api-q-dlq' } }), 200);
    eq(check(await call('GET', CONSUMERS, { params: { queue_id: q.id } }), 200).result, [], 'empty list');
    const body = { type: 'worker', script_name: 'api-q-consumer', dead_letter_queue: 'api-q-dlq', settings: { batch_size: 5, max_retries: 2, max_wait_time_ms: 1000 } };
    const r = check(await call('POST', CONSUMERS, { params: { queue_id: q.id }, json: body }), 200);
    assert(HEX32.test(r.result.consumer_id), `consumer_id ${r.result.consumer_id}`);
    eq([r.result.script, r.result.script_name], ['api-q-consumer', 'api-q-consumer'], 'script, script_name');
    eq([r.result.dead_letter_queue, r.result.settings.batch_size], ['api-q-dlq', 5], 'dead_letter_queue, batch_size');
    c.id = r.result.consumer_id;
  });
  await test('consumers: text/plain JSON body accepted (as wrangler sends it)', async () => {
    const dlq = check(await call('GET', QUEUES, { query: { name: 'api-q-dlq' } }), 200).result[0];
    const body = JSON.stringify({ type: 'worker', script_name: 'api-q-consumer', settings: {} });
    const r = check(await call('POST', CONSUMERS, { params: { queue_id: dlq.queue_id }, body, headers: { 'content-type': 'text/plain;charset=UTF-8' } }), 200);
    check(await call('DELETE', CONSUMER, { params: { queue_id: dlq.queue_id, consumer_id: r.result.consumer_id } }), 200);
  });
  await test('consumers: list and get (OAS26)', async () => {
    const l = check(await call('GET', CONSUMERS, { params: { queue_id: q.id } }), 200);
    assert(l.result.some((x) => x.consumer_id === c.id), 'consumer not listed');
    const g = check(await call('GET', CONSUMER, { params: { queue_id: q.id, consumer_id: c.id } }), 200);
    eq(g.result.consumer_id, c.id, 'consumer_id');
  });
  await test('consumers: PUT updates settings', async () => {
    const body = { type: 'worker', script_name: 'api-q-consumer', settings: { batch_size: 50, max_wait_time_ms: 2000 } };
    const r = check(await call('PUT', CONSUMER, { params: { queue_id: q.id, consumer_id: c.id }, json: body }), 200);
    eq(r.result.settings.batch_size, 50, 'batch_size');
  });
  await test('consumers: out-of-range settings are 400', async () => {
    const post = (settings) => call('POST', CONSUMERS, { params: { queue_id: q.id }, json: { type: 'worker', script_name: 'api-q-consumer', settings } });
    check(await post({ batch_size: 101 }), 400);
    check(await post({ max_retries: 101 }), 400);
    check(await post({ max_wait_time_ms: 60001 }), 400);
    check(await post({ retry_delay: 43201 }), 400);
  });
  await test('consumers: http_pull consumer (OAS26), no script needed', async () => {
    const dlq = check(await call('GET', QUEUES, { query: { name: 'api-q-dlq' } }), 200).result[0];
    const body = { type: 'http_pull', settings: { batch_size: 10, visibility_timeout_ms: 30000 } };
    const r = check(await call('POST', CONSUMERS, { params: { queue_id: dlq.queue_id }, json: body }), 200);
    eq([r.result.type, r.result.settings.visibility_timeout_ms], ['http_pull', 30000], 'type, visibility_timeout_ms');
    check(await call('POST', CONSUMERS, { params: { queue_id: dlq.queue_id }, json: { type: 'http_pull', settings: { visibility_timeout_ms: 43200001 } } }), 400);
    check(await call('DELETE', CONSUMER, { params: { queue_id: dlq.queue_id, consumer_id: r.result.consumer_id } }), 200);
  });
  await test('consumers: worker consumer for an unknown script is refused', async () => {
    check(await call('POST', CONSUMERS, { params: { queue_id: q.id }, json: { type: 'worker', script_name: 'api-no-such-worker' } }), [400, 404]);
  });
  await test('consumers: unknown consumer is 404', async () => {
    check(await call('GET', CONSUMER, { params: { queue_id: q.id, consumer_id: '0'.repeat(32) } }), 404);
    check(await call('DELETE', CONSUMER, { params: { queue_id: q.id, consumer_id: '0'.repeat(32) } }), 404);
  });
  await test('queues delete: refused while the queue has consumers', async () => {
    check(await call('DELETE', QUEUE, { params: { queue_id: q.id } }), [400, 409]);
  });
  await test('consumers: delete all, then the queue can go', async () => {
    const l = check(await call('GET', CONSUMERS, { params: { queue_id: q.id } }), 200);
    for (const x of l.result) check(await call('DELETE', CONSUMER, { params: { queue_id: q.id, consumer_id: x.consumer_id } }), 200);
    eq(check(await call('GET', CONSUMERS, { params: { queue_id: q.id } }), 200).result, [], 'consumers after delete');
  });
}
