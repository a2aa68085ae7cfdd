// The newer Workers endpoints API.md and CLIENTS.md document beyond the
// OpenAPI subset: versions and deployments (wrangler's redeploy path),
// script-settings, content/v2, bulk secrets PATCH, schedules and the
// script's queue-consumers. No schema for them is in the reference files, so
// the envelope and the fields the clients read are checked.
import { assert, eq } from './harness.mjs';
import { SCRIPT, moduleForm, uploadWorker, workerSource } from './upload.mjs';

const env = { schema: false };

// Runs the tests on a worker "api-v-main" and removes it afterwards.
export default async function versions(h, ctx) {
  const { call, check, test } = h;
  const p = { params: { script_name: 'api-v-main' } };
  await test('versions: POST multipart creates a version wrangler can read', async () => {
    check(await uploadWorker(h, 'api-v-main'), 200);
    const body = moduleForm({ main_module: 'index.js', compatibility_date: '2025-01-01' }, { 'index.js': workerSource('v2') });
    const r = check(await call('POST', `${SCRIPT}/versions`, { ...p, query: { bindings_inherit: 'strict' }, body }), 200, env);
    assert(typeof r.result.id === 'string' && r.result.id.length >= 32, `version id ${r.result.id}`);
    assert(r.result.resources && r.result.resources.script && typeof r.result.resources.script.etag === 'string', 'resources.script.etag missing');
    assert(Number.isInteger(r.result.startup_time_ms), 'startup_time_ms missing');
    ctx.versionId = r.result.id;
    const l = check(await call('GET', `${SCRIPT}/versions`, p), 200, env);
    const items = (l.result && (l.result.items || l.result)) || [];
    assert(items.some((v) => v.id === ctx.versionId), 'new version not listed');
    check(await call('GET', `${SCRIPT}/versions/{version_id}`, { params: { ...p.params, version_id: ctx.versionId } }), 200, env);
  });
  await test('deployments: POST 100% to the new version, GET lists it first', async () => {
    const json = { strategy: 'percentage', versions: [{ version_id: ctx.versionId, percentage: 100 }], annotations: {} };
    check(await call('POST', `${SCRIPT}/deployments`, { ...p, json }), 200, env);
    const d = check(await call('GET', `${SCRIPT}/deployments`, p), 200, env);
    eq(d.result.deployments[0].versions, [{ version_id: ctx.versionId, percentage: 100 }], 'latest deployment versions');
    const dl = await call('GET', SCRIPT, p);
    assert(dl.text.includes('"v2"'), 'download does not serve the deployed version');
  });
  await test('deployments: an unknown version is refused', async () => {
    const unknown = { strategy: 'percentage', versions: [{ version_id: '00000000-0000-4000-8000-000000000000', percentage: 100 }] };
    check(await call('POST', `${SCRIPT}/deployments`, { ...p, json: unknown }), [400, 404], env);
  });
  await test('script-settings: PATCH then GET (wrangler sends observability and tags)', async () => {
    check(await call('PATCH', `${SCRIPT}/script-settings`, { ...p, json: { observability: { enabled: false }, tags: ['a'] } }), 200, env);
    const g = check(await call('GET', `${SCRIPT}/script-settings`, p), 200, env);
    eq([g.result.observability && g.result.observability.enabled, g.result.tags], [false, ['a']], 'observability.enabled, tags');
  });
  await test('content/v2: the module source and its content type', async () => {
    const r = await call('GET', `${SCRIPT}/content/v2`, p);
    eq(r.status, 200, 'status');
    assert(r.text.includes('"v2"'), `content: ${r.text.slice(0, 120)}`);
    assert(/javascript/.test(r.headers.get('content-type') || ''), `content-type ${r.headers.get('content-type')}`);
  });
  await secretsPatch(h, p);
  await schedules(h, p);
  await test('queue-consumers: the script lists the queues it consumes', async () => {
    const qid = ctx.queue && ctx.queue.id;
    const c = check(await call('POST', '/accounts/{account_id}/queues/{queue_id}/consumers', { params: { queue_id: qid }, json: { type: 'worker', script_name: 'api-v-main' } }), 200);
    const l = check(await call('GET', `${SCRIPT}/queue-consumers`, p), 200, env);
    assert(l.result.some((x) => x.queue_name === ctx.queue.name || x.queue_id === qid), `queue-consumers: ${JSON.stringify(l.result)}`);
    check(await call('DELETE', '/accounts/{account_id}/queues/{queue_id}/consumers/{consumer_id}', { params: { queue_id: qid, consumer_id: c.result.consumer_id } }), 200);
  });
  await test('newer Workers endpoints: unknown script is 404 code 10007', async () => {
    const q = { params: { script_name: 'api-v-none' } };
    for (const sub of ['/versions', '/deployments', '/script-settings', '/content/v2', '/schedules', '/secrets']) {
      check(await call('GET', `${SCRIPT}${sub}`, q), 404, { code: 10007, schema: sub === '/secrets' ? undefined : false });
    }
    check(await call('DELETE', SCRIPT, p), 200, env);
  });
}

// PATCH .../secrets: JSON Merge Patch over the secrets (API.md 6).
async function secretsPatch(h, p) {
  const { call, check, test } = h;
  await test('secrets PATCH (OAS26 bulk): merge adds, null deletes', async () => {
    const add = { secrets: { A: { type: 'secret_text', text: 'a-value' }, B: { type: 'secret_text', text: 'b-value' } } };
    check(await call('PATCH', `${SCRIPT}/secrets`, { ...p, json: add }), 200, env);
    check(await call('PATCH', `${SCRIPT}/secrets`, { ...p, json: { secrets: { A: null } } }), 200, env);
    const l = check(await call('GET', `${SCRIPT}/secrets`, p), 200);
    eq(l.result.map((s) => s.name).sort(), ['B'], 'secrets after merge patch');
  });
}

// GET/PUT .../schedules: cron triggers.
async function schedules(h, p) {
  const { call, check, test } = h;
  await test('schedules: PUT crons, GET them back, bad cron is 400', async () => {
    eq(check(await call('GET', `${SCRIPT}/schedules`, p), 200, env).result.schedules, [], 'initial schedules');
    check(await call('PUT', `${SCRIPT}/schedules`, { ...p, json: [{ cron: '*/5 * * * *' }, { cron: '0 3 * * 1' }] }), 200, env);
    const g = check(await call('GET', `${SCRIPT}/schedules`, p), 200, env);
    eq(g.result.schedules.map((s) => s.cron), ['*/5 * * * *', '0 3 * * 1'], 'crons');
    check(await call('PUT', `${SCRIPT}/schedules`, { ...p, json: [{ cron: 'not a cron' }] }), 400, env);
  });
}
