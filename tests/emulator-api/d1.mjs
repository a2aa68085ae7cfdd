// D1 operations (API.md section 2): every operation's happy path and its
// documented errors, each response checked against its schema.
import { assert, eq } from './harness.mjs';

const DBS = '/accounts/{account_id}/d1/database';
const DB = '/accounts/{account_id}/d1/database/{database_id}';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Runs the D1 tests; leaves database "api-d1-kept" behind for later files
// (ctx.d1 = {uuid, name}).
export default async function d1(h, ctx) {
  const { call, check, test } = h;
  let uuid;

  await test('d1 create: returns a UUID and the details shape', async () => {
    const r = check(await call('POST', DBS, { json: { name: 'api-d1-main', primary_location_hint: 'weur' } }), 200);
    assert(UUID.test(r.result.uuid), `uuid ${r.result.uuid} is not a UUID`);
    eq(r.result.name, 'api-d1-main', 'name');
    uuid = r.result.uuid;
  });
  await test('d1 create: invalid name is 400', async () => {
    check(await call('POST', DBS, { json: { name: 'Bad Name!' } }), 400);
  });
  await test('d1 create: missing name is 400', async () => {
    check(await call('POST', DBS, { json: {} }), 400);
  });
  await test('d1 create: unknown primary_location_hint is 400', async () => {
    check(await call('POST', DBS, { json: { name: 'api-d1-hint', primary_location_hint: 'mars' } }), 400);
  });
  await test('d1 create: unknown jurisdiction or read_replication mode is 400 (OAS26)', async () => {
    check(await call('POST', DBS, { json: { name: 'api-d1-jur', jurisdiction: 'mars' } }), 400);
    check(await call('POST', DBS, { json: { name: 'api-d1-rr', read_replication: { mode: 'often' } } }), 400);
  });
  await test('d1 create: duplicate name is refused', async () => {
    const r = await call('POST', DBS, { json: { name: 'api-d1-main' } });
    check(r, [400, 409]);
  });
  await test('d1 get by uuid and by name (OAS26)', async () => {
    const a = check(await call('GET', DB, { params: { database_id: uuid } }), 200);
    eq(a.result.uuid, uuid, 'get by uuid: uuid');
    const b = check(await call('GET', DB, { params: { database_id: 'api-d1-main' } }), 200);
    eq(b.result.uuid, uuid, 'get by name: uuid');
  });
  await test('d1 get: unknown id is 404', async () => {
    check(await call('GET', DB, { params: { database_id: '00000000-0000-4000-8000-000000000000' } }), 404);
  });
  await pagination(h);
  await test('d1 list: name filter', async () => {
    const r = check(await call('GET', DBS, { query: { name: 'api-d1-main' } }), 200);
    assert(r.result.length === 1 && r.result[0].uuid === uuid, `name filter gave ${JSON.stringify(r.result)}`);
  });
  await test('d1 PATCH read_replication (OAS26)', async () => {
    const r = check(await call('PATCH', DB, { params: { database_id: uuid }, json: { read_replication: { mode: 'auto' } } }), 200);
    eq(r.result.read_replication && r.result.read_replication.mode, 'auto', 'read_replication.mode');
    const g = check(await call('GET', DB, { params: { database_id: uuid } }), 200);
    eq(g.result.read_replication && g.result.read_replication.mode, 'auto', 'read back mode');
  });
  await test('d1 PATCH: invalid read_replication mode is 400', async () => {
    check(await call('PATCH', DB, { params: { database_id: uuid }, json: { read_replication: { mode: 'sometimes' } } }), 400);
  });
  await test('d1 PUT read_replication', async () => {
    const r = check(await call('PUT', DB, { params: { database_id: uuid }, json: { read_replication: { mode: 'disabled' } } }), 200, { schema: false });
    eq(r.result.read_replication && r.result.read_replication.mode, 'disabled', 'read_replication.mode');
  });
  await queries(h, () => uuid);
  await test('d1 delete: 200 with null result, then 404', async () => {
    const r = check(await call('DELETE', DB, { params: { database_id: uuid } }), 200);
    eq(r.result, null, 'result');
    check(await call('GET', DB, { params: { database_id: uuid } }), 404);
    check(await call('DELETE', DB, { params: { database_id: uuid } }), 404);
  });
  await test('d1 create (kept for the Workers tests)', async () => {
    const r = await call('POST', DBS, { json: { name: 'api-d1-kept' } });
    ctx.d1 = { uuid: r.json && r.json.result && r.json.result.uuid, name: 'api-d1-kept' };
    check(r, 200);
  });
}

// Creates 12 databases and walks the pages: per_page honoured, result_info
// consistent, past the end an empty page (the SDK stops only on that).
async function pagination(h) {
  const { call, check, test } = h;
  await test('d1 list: page/per_page pagination terminates', async () => {
    for (let i = 0; i < 12; i++) check(await call('POST', DBS, { json: { name: `api-d1-page-${i}` } }), 200);
    const seen = new Set();
    let total;
    for (let page = 1; page < 10; page++) {
      const r = check(await call('GET', DBS, { query: { page, per_page: 10 } }), 200);
      const ri = r.result_info || {};
      eq([ri.page, ri.per_page], [page, 10], `page ${page} result_info page/per_page`);
      total = ri.total_count;
      if (r.result.length === 0) break;
      assert(r.result.length <= 10, `page ${page} has ${r.result.length} items`);
      eq(ri.count, r.result.length, `page ${page} result_info.count`);
      r.result.forEach((d) => seen.add(d.uuid));
    }
    assert(seen.size >= 13, `walked ${seen.size} databases, expected at least 13`);
    eq(total, seen.size, 'result_info.total_count');
    for (let i = 0; i < 12; i++) {
      const g = check(await call('GET', DB, { params: { database_id: `api-d1-page-${i}` } }), 200);
      check(await call('DELETE', DB, { params: { database_id: g.result.uuid } }), 200);
    }
  });
}

// query and raw: real SQL, params, batches, errors.
async function queries(h, uuid) {
  const { call, check, test } = h;
  const Q = `${DB}/query`;
  const RAW = `${DB}/raw`;
  await test('d1 query: DDL, insert with params, select', async () => {
    const p = { database_id: uuid() };
    check(await call('POST', Q, { params: p, json: { sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)' } }), 200);
    const ins = check(await call('POST', Q, { params: p, json: { sql: 'INSERT INTO t (name) VALUES (?), (?)', params: ['a', 'b'] } }), 200);
    eq(ins.result[0].meta && ins.result[0].meta.changes, 2, 'insert meta.changes');
    const sel = check(await call('POST', Q, { params: p, json: { sql: 'SELECT id, name FROM t ORDER BY id' } }), 200);
    eq(sel.result[0].results, [{ id: 1, name: 'a' }, { id: 2, name: 'b' }], 'select results');
    eq(sel.result[0].success, true, 'select success');
  });
  await test('d1 query: several statements run as a batch', async () => {
    const r = check(await call('POST', Q, { params: { database_id: uuid() }, json: { sql: 'SELECT 1 AS x; SELECT 2 AS y' } }), 200);
    eq(r.result.map((s) => s.results), [[{ x: 1 }], [{ y: 2 }]], 'batch results');
  });
  await test('d1 query: text/plain body is parsed as JSON', async () => {
    const r = check(await call('POST', Q, { params: { database_id: uuid() }, body: '{"sql":"SELECT 3 AS z"}', headers: { 'content-type': 'text/plain;charset=UTF-8' } }), 200);
    eq(r.result[0].results, [{ z: 3 }], 'results');
  });
  await test('d1 raw: columns and rows', async () => {
    const r = check(await call('POST', RAW, { params: { database_id: uuid() }, json: { sql: 'SELECT id, name FROM t ORDER BY id' } }), 200);
    eq(r.result[0].results, { columns: ['id', 'name'], rows: [[1, 'a'], [2, 'b']] }, 'raw results');
  });
  await test('d1 query: SQL error is a 4XX failure', async () => {
    check(await call('POST', Q, { params: { database_id: uuid() }, json: { sql: 'SELEC nonsense' } }), 400);
  });
  await test('d1 query: missing sql is 400', async () => {
    check(await call('POST', Q, { params: { database_id: uuid() }, json: {} }), 400);
  });
  await test('d1 query: more than 100 bound parameters is 400 (D1 limit)', async () => {
    const sql = `SELECT ${Array(101).fill('?').join(', ')}`;
    check(await call('POST', Q, { params: { database_id: uuid() }, json: { sql, params: Array(101).fill('1') } }), 400);
    check(await call('POST', Q, { params: { database_id: uuid() }, json: { sql: `SELECT ${Array(100).fill('?').join(', ')}`, params: Array(100).fill('1') } }), 200);
  });
  await test('d1 query: an SQL statement over 100 KB is 400 (D1 limit)', async () => {
    const sql = `SELECT '${'a'.repeat(101 * 1024)}' AS big`;
    check(await call('POST', Q, { params: { database_id: uuid() }, json: { sql } }), 400);
  });
  await test('d1 query/raw: unknown database is 404', async () => {
    const p = { database_id: '00000000-0000-4000-8000-000000000000' };
    check(await call('POST', Q, { params: p, json: { sql: 'SELECT 1' } }), 404);
    check(await call('POST', RAW, { params: p, json: { sql: 'SELECT 1' } }), 404);
  });
}
