// Vectorize v2 index operations (API.md section 4): create with dimensions
// or a preset, config and name validation, get/list/delete, duplicates.
import { eq } from './harness.mjs';

const INDEXES = '/accounts/{account_id}/vectorize/v2/indexes';
const INDEX = '/accounts/{account_id}/vectorize/v2/indexes/{index_name}';

// Runs the Vectorize tests; leaves "api-vec-kept" (ctx.vectorize).
export default async function vectorize(h, ctx) {
  const { call, check, test } = h;
  await test('vectorize create: dimensions and metric', async () => {
    const body = { name: 'api-vec-main', description: 'test index', config: { dimensions: 32, metric: 'cosine' } };
    const r = check(await call('POST', INDEXES, { json: body }), 200);
    eq(r.result.name, 'api-vec-main', 'name');
    eq(r.result.config, { dimensions: 32, metric: 'cosine' }, 'config');
    eq(r.result.description, 'test index', 'description');
  });
  await test('vectorize create: preset config', async () => {
    const r = check(await call('POST', INDEXES, { json: { name: 'api-vec-preset', config: { preset: '@cf/baai/bge-small-en-v1.5' } } }), 200);
    eq(r.result.name, 'api-vec-preset', 'name');
  });
  const bad = [
    ['invalid name', { name: '9-starts-with-digit', config: { dimensions: 3, metric: 'cosine' } }],
    ['dimensions 0', { name: 'api-vec-bad', config: { dimensions: 0, metric: 'cosine' } }],
    ['dimensions 1537', { name: 'api-vec-bad', config: { dimensions: 1537, metric: 'cosine' } }],
    ['unknown metric', { name: 'api-vec-bad', config: { dimensions: 3, metric: 'manhattan' } }],
    ['unknown preset', { name: 'api-vec-bad', config: { preset: '@cf/none/such' } }],
    ['missing config', { name: 'api-vec-bad' }],
    ['missing name', { config: { dimensions: 3, metric: 'cosine' } }],
    ['name over 64 bytes', { name: `a${'b'.repeat(64)}`, config: { dimensions: 3, metric: 'cosine' } }],
  ];
  for (const [what, body] of bad) {
    await test(`vectorize create: ${what} is 400`, async () => {
      check(await call('POST', INDEXES, { json: body }), 400);
    });
  }
  await test('vectorize create: duplicate name is refused', async () => {
    check(await call('POST', INDEXES, { json: { name: 'api-vec-main', config: { dimensions: 32, metric: 'cosine' } } }), [400, 409]);
  });
  await test('vectorize get and list', async () => {
    const g = check(await call('GET', INDEX, { params: { index_name: 'api-vec-main' } }), 200);
    eq(g.result.config, { dimensions: 32, metric: 'cosine' }, 'config read back');
    const l = check(await call('GET', INDEXES), 200);
    const names = l.result.map((i) => i.name).sort();
    eq(names, ['api-vec-main', 'api-vec-preset'], 'list names');
  });
  await test('vectorize get: unknown index is 404', async () => {
    check(await call('GET', INDEX, { params: { index_name: 'api-vec-nope' } }), 404);
  });
  await test('vectorize delete: 200, then 404', async () => {
    check(await call('DELETE', INDEX, { params: { index_name: 'api-vec-main' } }), 200);
    check(await call('GET', INDEX, { params: { index_name: 'api-vec-main' } }), 404);
    check(await call('DELETE', INDEX, { params: { index_name: 'api-vec-main' } }), 404);
    check(await call('DELETE', INDEX, { params: { index_name: 'api-vec-preset' } }), 200);
  });
  await test('vectorize create (kept for the Workers tests)', async () => {
    ctx.vectorize = { name: 'api-vec-kept' };
    check(await call('POST', INDEXES, { json: { name: 'api-vec-kept', config: { dimensions: 8, metric: 'euclidean' } } }), 200);
  });
}
