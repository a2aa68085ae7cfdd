// Self-check of the schema validator, before it judges cfemu: bodies with a
// known shape mistake must be rejected and their corrected twins accepted,
// so a passing suite means the schemas really were applied.
import { CheckFailure } from './harness.mjs';

const OK = { success: true, errors: [], messages: [] };
const FAIL = { success: false, errors: [{ code: 10006, message: 'x' }], messages: [], result: null };

// [what, method, path, status, bad body, good body]
const CASES = [
  ['D1 list result must be an array of databases', 'GET', '/accounts/{account_id}/d1/database', 200,
    { ...OK, result: { uuid: 'x' } }, { ...OK, result: [{ uuid: 'x', name: 'db' }] }],
  ['D1 database name pattern', 'GET', '/accounts/{account_id}/d1/database/{database_id}', 200,
    { ...OK, result: { name: 'Bad Name' } }, { ...OK, result: { name: 'good-name' } }],
  ['R2 list is {buckets: [...]} (OAS26), not an array', 'GET', '/accounts/{account_id}/r2/buckets', 200,
    { ...OK, result: [{ name: 'b' }] }, { ...OK, result: { buckets: [{ name: 'bkt' }] } }],
  ['R2 messages are strings (r2_messages)', 'GET', '/accounts/{account_id}/r2/buckets/{bucket_name}', 200,
    { ...OK, messages: [{ code: 1000, message: 'm' }], result: { name: 'bkt' } }, { ...OK, messages: ['m'], result: { name: 'bkt' } }],
  ['Vectorize metric enum', 'GET', '/accounts/{account_id}/vectorize/v2/indexes/{index_name}', 200,
    { ...OK, result: { name: 'ix', config: { dimensions: 3, metric: 'manhattan' } } },
    { ...OK, result: { name: 'ix', config: { dimensions: 3, metric: 'cosine' } } }],
  ['queue consumers are an array (OAS26)', 'GET', '/accounts/{account_id}/queues/{queue_id}', 200,
    { ...OK, result: { queue_id: 'q', queue_name: 'q', consumers: {} } }, { ...OK, result: { queue_id: 'q', queue_name: 'q', consumers: [] } }],
  ['upload result needs startup_time_ms (OAS26)', 'PUT', '/accounts/{account_id}/workers/scripts/{script_name}', 200,
    { ...OK, result: { id: 'w' } }, { ...OK, result: { id: 'w', startup_time_ms: 1 } }],
  ['secret_text binding needs a name', 'GET', '/accounts/{account_id}/workers/scripts/{script_name}/settings', 200,
    { ...OK, result: { bindings: [{ type: 'secret_text' }] } }, { ...OK, result: { bindings: [{ type: 'secret_text', name: 'S' }] } }],
  ['failure has result null and success false', 'GET', '/accounts/{account_id}/r2/buckets/{bucket_name}', 404,
    { ...FAIL, result: {} }, FAIL],
  ['token verify status enum', 'GET', '/user/tokens/verify', 200,
    { ...OK, result: { id: 'a'.repeat(32), status: 'sleepy' } }, { ...OK, result: { id: 'a'.repeat(32), status: 'active' } }],
];

// Runs the self-check as one reported test.
export default async function selftest(h, schemas) {
  await h.test('validator self-check: known-bad bodies rejected, corrected ones accepted', async () => {
    const problems = [];
    for (const [what, method, path, status, bad, good] of CASES) {
      if (schemas.validate(method, path, status, bad).length === 0) problems.push(`accepted a bad body: ${what}`);
      const errs = schemas.validate(method, path, status, good);
      if (errs.length) problems.push(`rejected a good body: ${what}: ${errs[0]}`);
    }
    if (problems.length) throw new CheckFailure(problems.join('\n'));
  });
}
