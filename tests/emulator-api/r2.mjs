// R2 bucket operations (API.md section 3): happy paths, the official error
// codes (10005, 10006, 10073), cursor pagination, jurisdictions, PATCH.
import { assert, eq, ISO } from './harness.mjs';

const BUCKETS = '/accounts/{account_id}/r2/buckets';
const BUCKET = '/accounts/{account_id}/r2/buckets/{bucket_name}';

// Runs the R2 tests; leaves bucket "api-r2-kept" (ctx.r2) for later files.
export default async function r2(h, ctx) {
  const { call, check, test } = h;
  await test('r2 create: name, creation_date, defaults', async () => {
    const r = check(await call('POST', BUCKETS, { json: { name: 'api-r2-main' } }), 200);
    eq(r.result.name, 'api-r2-main', 'name');
    assert(ISO.test(r.result.creation_date), `creation_date ${r.result.creation_date}`);
    eq(r.result.storage_class || 'Standard', 'Standard', 'storage_class');
  });
  await test('r2 create: camelCase locationHint and storageClass honoured', async () => {
    const r = check(await call('POST', BUCKETS, { json: { name: 'api-r2-hinted', locationHint: 'weur', storageClass: 'InfrequentAccess' } }), 200);
    eq(String(r.result.location).toLowerCase(), 'weur', 'location');
    eq(r.result.storage_class, 'InfrequentAccess', 'storage_class');
  });
  await test('r2 create: invalid name is 400 code 10005', async () => {
    check(await call('POST', BUCKETS, { json: { name: 'AB' } }), 400, { code: 10005 });
    check(await call('POST', BUCKETS, { json: { name: '-starts-with-hyphen' } }), 400, { code: 10005 });
  });
  await test('r2 create: 64-character name is 400 code 10005 (3-63 characters)', async () => {
    check(await call('POST', BUCKETS, { json: { name: 'a'.repeat(64) } }), 400, { code: 10005 });
    check(await call('POST', BUCKETS, { json: { name: 'a'.repeat(63) } }), 200);
    check(await call('DELETE', BUCKET, { params: { bucket_name: 'a'.repeat(63) } }), 200);
  });
  await test('r2 create: unknown storageClass, locationHint or jurisdiction is 400', async () => {
    check(await call('POST', BUCKETS, { json: { name: 'api-r2-bad', storageClass: 'Glacier' } }), 400);
    check(await call('POST', BUCKETS, { json: { name: 'api-r2-bad', locationHint: 'mars' } }), 400);
    check(await call('POST', BUCKETS, { json: { name: 'api-r2-bad' }, headers: { 'cf-r2-jurisdiction': 'mars' } }), 400);
  });
  await test('r2 create: existing name is 409 code 10073, x-should-retry false', async () => {
    const r = await call('POST', BUCKETS, { json: { name: 'api-r2-main' } });
    check(r, 409, { code: 10073 });
    eq(r.headers.get('x-should-retry'), 'false', 'x-should-retry header');
  });
  await test('r2 get: 200, and 404 code 10006 when missing', async () => {
    const r = check(await call('GET', BUCKET, { params: { bucket_name: 'api-r2-main' } }), 200);
    eq(r.result.name, 'api-r2-main', 'name');
    check(await call('GET', BUCKET, { params: { bucket_name: 'api-r2-nope' } }), 404, { code: 10006 });
  });
  await listing(h);
  await test('r2 PATCH: cf-r2-storage-class header changes the class (OAS26)', async () => {
    const headers = { 'cf-r2-storage-class': 'InfrequentAccess' };
    check(await call('PATCH', BUCKET, { params: { bucket_name: 'api-r2-main' }, headers }), 200);
    const g = check(await call('GET', BUCKET, { params: { bucket_name: 'api-r2-main' } }), 200);
    eq(g.result.storage_class, 'InfrequentAccess', 'storage_class read back');
  });
  await test('r2 PATCH: missing or bad storage class header is 400; unknown bucket 404', async () => {
    check(await call('PATCH', BUCKET, { params: { bucket_name: 'api-r2-main' } }), 400);
    check(await call('PATCH', BUCKET, { params: { bucket_name: 'api-r2-main' }, headers: { 'cf-r2-storage-class': 'Glacier' } }), 400);
    check(await call('PATCH', BUCKET, { params: { bucket_name: 'api-r2-nope' }, headers: { 'cf-r2-storage-class': 'Standard' } }), 404, { code: 10006 });
  });
  await jurisdictions(h);
  await test('r2 delete: 200, then 404 code 10006', async () => {
    check(await call('DELETE', BUCKET, { params: { bucket_name: 'api-r2-main' } }), 200);
    check(await call('GET', BUCKET, { params: { bucket_name: 'api-r2-main' } }), 404, { code: 10006 });
    check(await call('DELETE', BUCKET, { params: { bucket_name: 'api-r2-main' } }), 404, { code: 10006 });
    check(await call('DELETE', BUCKET, { params: { bucket_name: 'api-r2-hinted' } }), 200);
  });
  await test('r2 create (kept for the Workers tests)', async () => {
    ctx.r2 = { name: 'api-r2-kept' };
    check(await call('POST', BUCKETS, { json: { name: 'api-r2-kept' } }), 200);
  });
}

// Lists with a cursor: per_page=2 pages through every bucket and stops on an
// empty cursor; name_contains, start_after and direction=desc filter/order.
async function listing(h) {
  const { call, check, test } = h;
  await test('r2 list: result is {buckets: [...]} with result_info.cursor (OAS26)', async () => {
    const r = check(await call('GET', BUCKETS), 200);
    assert(r.result && Array.isArray(r.result.buckets), 'result.buckets is not an array');
    const names = r.result.buckets.map((b) => b.name);
    assert(names.includes('api-r2-main') && names.includes('api-r2-hinted'), `list: ${names}`);
    assert(r.result_info && 'cursor' in r.result_info, 'result_info.cursor missing');
  });
  await test('r2 list: cursor pagination walks every bucket and terminates', async () => {
    for (const n of ['api-r2-p1', 'api-r2-p2', 'api-r2-p3']) check(await call('POST', BUCKETS, { json: { name: n } }), 200);
    const seen = [];
    let cursor;
    for (let i = 0; i < 10; i++) {
      const query = cursor ? { per_page: 2, cursor } : { per_page: 2 };
      const r = check(await call('GET', BUCKETS, { query }), 200);
      assert(r.result.buckets.length <= 2, `page ${i} has ${r.result.buckets.length} buckets`);
      seen.push(...r.result.buckets.map((b) => b.name));
      cursor = r.result_info && r.result_info.cursor;
      if (!cursor) break;
    }
    eq(seen, ['api-r2-hinted', 'api-r2-main', 'api-r2-p1', 'api-r2-p2', 'api-r2-p3'], 'buckets over all pages, by name');
  });
  await test('r2 list: name_contains, start_after, direction=desc', async () => {
    const a = check(await call('GET', BUCKETS, { query: { name_contains: '-p' } }), 200);
    eq(a.result.buckets.map((b) => b.name), ['api-r2-p1', 'api-r2-p2', 'api-r2-p3'], 'name_contains');
    const b = check(await call('GET', BUCKETS, { query: { start_after: 'api-r2-p1' } }), 200);
    eq(b.result.buckets.map((x) => x.name), ['api-r2-p2', 'api-r2-p3'], 'start_after');
    const c = check(await call('GET', BUCKETS, { query: { name_contains: '-p', order: 'name', direction: 'desc' } }), 200);
    eq(c.result.buckets.map((x) => x.name), ['api-r2-p3', 'api-r2-p2', 'api-r2-p1'], 'direction=desc');
    for (const n of ['api-r2-p1', 'api-r2-p2', 'api-r2-p3']) check(await call('DELETE', BUCKET, { params: { bucket_name: n } }), 200);
  });
}

// A bucket made with cf-r2-jurisdiction: eu is visible only with that header.
async function jurisdictions(h) {
  const { call, check, test } = h;
  const eu = { 'cf-r2-jurisdiction': 'eu' };
  await test('r2 jurisdiction: eu bucket is visible only with the header', async () => {
    const r = check(await call('POST', BUCKETS, { json: { name: 'api-r2-eu' }, headers: eu }), 200);
    eq(r.result.jurisdiction, 'eu', 'jurisdiction');
    check(await call('GET', BUCKET, { params: { bucket_name: 'api-r2-eu' } }), 404, { code: 10006 });
    const g = check(await call('GET', BUCKET, { params: { bucket_name: 'api-r2-eu' }, headers: eu }), 200);
    eq(g.result.jurisdiction, 'eu', 'jurisdiction read back');
    const l = check(await call('GET', BUCKETS, { headers: eu }), 200);
    eq(l.result.buckets.map((b) => b.name), ['api-r2-eu'], 'eu list');
    check(await call('DELETE', BUCKET, { params: { bucket_name: 'api-r2-eu' }, headers: eu }), 200);
  });
}
