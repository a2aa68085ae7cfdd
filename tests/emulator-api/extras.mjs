// The endpoints Cloudflare's own clients call besides the OpenAPI subset
// (CLIENTS.md "Observed request sequences"): memberships, accounts, user,
// services, subdomains, deployments. No OpenAPI schema is in the reference
// files, so the envelope and the fields the clients read are checked.
import { assert, eq } from './harness.mjs';
import { uploadWorker } from './upload.mjs';

// Runs the client-extras tests.
export default async function extras(h, env) {
  const { call, check, test } = h;
  const envelopeOnly = { schema: false };
  await test('memberships: account id and name, page result_info', async () => {
    const r = check(await call('GET', '/memberships', { query: { page: 1 } }), 200, envelopeOnly);
    assert(r.result.some((m) => m.account && m.account.id === env.account && typeof m.account.name === 'string'), 'account missing from memberships');
    for (const k of ['page', 'per_page', 'total_count']) assert(r.result_info && k in r.result_info, `result_info.${k} missing`);
    eq(check(await call('GET', '/memberships', { query: { page: 2 } }), 200, envelopeOnly).result, [], 'page 2');
  });
  await test('accounts and user', async () => {
    const a = check(await call('GET', '/accounts', { query: { page: 1 } }), 200, envelopeOnly);
    assert(a.result.some((x) => x.id === env.account), 'account missing from /accounts');
    const u = check(await call('GET', '/user'), 200, envelopeOnly);
    assert(typeof u.result.email === 'string', '/user has no email');
  });
  await test('workers services: missing worker is 404 code 10090 or 10007', async () => {
    check(await call('GET', '/accounts/{account_id}/workers/services/{name}', { params: { name: 'api-x-none' } }), 404, { code: [10090, 10007], schema: false });
  });
  await test('workers services, deployments, subdomain for a deployed worker', async () => {
    check(await uploadWorker(h, 'api-x-svc'), 200);
    const p = { params: { name: 'api-x-svc' } };
    check(await call('GET', '/accounts/{account_id}/workers/services/{name}', p), 200, envelopeOnly);
    const d = check(await call('GET', '/accounts/{account_id}/workers/scripts/{name}/deployments', p), 200, envelopeOnly);
    assert(Array.isArray(d.result.deployments) && d.result.deployments.length >= 1, 'no deployment after upload');
    const s = check(await call('GET', '/accounts/{account_id}/workers/subdomain'), 200, envelopeOnly);
    assert(typeof s.result.subdomain === 'string' && s.result.subdomain, 'no account subdomain');
    check(await call('POST', '/accounts/{account_id}/workers/scripts/{name}/subdomain', { ...p, json: { enabled: true } }), 200, envelopeOnly);
    const g = check(await call('GET', '/accounts/{account_id}/workers/scripts/{name}/subdomain', p), 200, envelopeOnly);
    eq(g.result.enabled, true, 'script subdomain enabled');
    check(await call('DELETE', '/accounts/{account_id}/workers/scripts/{script_name}', { params: { script_name: 'api-x-svc' } }), 200, envelopeOnly);
  });
}
