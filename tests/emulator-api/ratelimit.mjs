// Rate limiting (API.md section 1; issue 3): a cfemu started with
// --rate-limit 5/60 refuses the 6th call and every call after it, for the
// rest of the window, with 429, Retry-After and Cloudflare's body (code 971).
// 971 is below the schemas' `code >= 1000`; issue 3 requires it (it is what
// the real API sends, API.md section 1), so that one schema rule is waived.
import { assert, eq } from './harness.mjs';

// Runs the rate-limit tests against h, a harness on the limited instance.
export default async function ratelimit(h) {
  const { call, check, test } = h;
  await test('rate limit: 5 calls pass, the 6th is 429 code 971 with Retry-After', async () => {
    for (let i = 0; i < 5; i++) check(await call('GET', '/accounts/{account_id}/d1/database'), 200);
    const r = await call('GET', '/accounts/{account_id}/d1/database');
    check(r, 429, { code: 971, exemptCodes: [971] });
    const after = Number(r.headers.get('retry-after'));
    assert(Number.isInteger(after) && after >= 1 && after <= 60, `retry-after ${r.headers.get('retry-after')}`);
    eq(r.headers.get('x-ratelimit-limit'), '5', 'x-ratelimit-limit');
    eq(r.headers.get('x-ratelimit-remaining'), '0', 'x-ratelimit-remaining');
  });
  await test('rate limit: every endpoint stays refused for the window', async () => {
    check(await call('GET', '/user/tokens/verify'), 429, { code: 971, exemptCodes: [971] });
    check(await call('POST', '/accounts/{account_id}/r2/buckets', { json: { name: 'api-rl-bucket' } }), 429, { code: 971, exemptCodes: [971] });
    check(await call('GET', '/accounts/{account_id}/queues'), 429, { code: 971, exemptCodes: [971] });
  });
}
