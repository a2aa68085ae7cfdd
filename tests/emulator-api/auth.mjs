// Authentication, token verification, unknown routes and connection
// handling (API.md sections 1 and 7; CLIENTS.md "Details that break").
import http from 'node:http';
import { assert, eq } from './harness.mjs';

// Cloudflare's authentication error codes: 1000 "Invalid API Token" (token
// verify), 10000 "Authentication error", 9103/9106/9109 (API.md section 1).
const AUTH_CODES = [1000, 9103, 9106, 9109, 10000, 10001];

// Runs the auth and protocol tests.
export default async function auth(h, env) {
  const { call, check, test } = h;
  await test('token verify (user): active token', async () => {
    const r = check(await call('GET', '/user/tokens/verify'), 200);
    eq(r.result.status, 'active', 'status');
    assert(typeof r.result.id === 'string' && r.result.id.length === 32, `id ${r.result.id}`);
  });
  await test('token verify (account, OAS26): active token', async () => {
    const r = check(await call('GET', '/accounts/{account_id}/tokens/verify'), 200);
    eq(r.result.status, 'active', 'status');
  });
  await test('token verify: wrong token is refused', async () => {
    check(await call('GET', '/user/tokens/verify', { token: 'wrong-token' }), [400, 401, 403], { code: AUTH_CODES });
  });
  await test('auth: missing Authorization header is refused', async () => {
    check(await call('GET', '/accounts/{account_id}/d1/database', { token: null }), [400, 401, 403], { code: AUTH_CODES });
    check(await call('GET', '/accounts/{account_id}/r2/buckets', { token: null }), [400, 401, 403], { code: AUTH_CODES });
  });
  await test('auth: wrong bearer token is refused on every product', async () => {
    const bad = { token: 'wrong-token' };
    check(await call('GET', '/accounts/{account_id}/d1/database', bad), [400, 401, 403], { code: AUTH_CODES });
    check(await call('GET', '/accounts/{account_id}/queues', bad), [400, 401, 403], { code: AUTH_CODES });
    check(await call('GET', '/accounts/{account_id}/vectorize/v2/indexes', bad), [400, 401, 403], { code: AUTH_CODES });
    check(await call('GET', '/accounts/{account_id}/workers/scripts', bad), [400, 401, 403], { code: AUTH_CODES });
  });
  await test('auth: token sent without "Bearer" is refused', async () => {
    const r = await call('GET', '/user/tokens/verify', { token: null, headers: { authorization: env.token } });
    check(r, [400, 401, 403]);
  });
  await test('auth: unknown account is refused', async () => {
    const p = { params: { account_id: 'f'.repeat(32) } };
    check(await call('GET', '/accounts/{account_id}/d1/database', p), [403, 404]);
    check(await call('GET', '/accounts/{account_id}/r2/buckets', p), [403, 404]);
  });
  await test('unknown route: 404 code 7003', async () => {
    check(await call('GET', '/accounts/{account_id}/no-such-product'), 404, { code: 7003, schema: false });
  });
  await test('protocol: Connection: close is honoured', async () => {
    const r = await rawGet(env, '/user/tokens/verify', { connection: 'close' });
    eq(r.status, 200, 'status');
    eq(JSON.parse(r.body).success, true, 'success');
  });
  await test('protocol: keep-alive serves many requests on one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ports = new Set();
    for (let i = 0; i < 20; i++) {
      const r = await rawGet(env, '/user/tokens/verify', {}, agent);
      eq(r.status, 200, `request ${i} status`);
      ports.add(r.localPort);
    }
    agent.destroy();
    eq(ports.size, 1, 'client sockets used for 20 keep-alive requests');
  });
}

// GET over node:http so the connection handling is under test control.
function rawGet(env, path, headers, agent) {
  return new Promise((resolve, reject) => {
    const url = new URL(env.base + path);
    const req = http.request({
      host: url.hostname, port: url.port, path: url.pathname, method: 'GET', agent: agent || false,
      headers: { authorization: `Bearer ${env.token}`, ...headers },
    }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, body, localPort: req.socket && req.socket.localPort }));
    });
    req.on('error', reject);
    req.end();
  });
}
