// Entry point of the cfemu API suite: runs every product's tests against the
// cfemu at CFEMU_BASE (and the rate-limit tests against CFEMU_RL_BASE), then
// checks that every documented operation was exercised.
// Env: CFEMU_BASE, CFEMU_RL_BASE, CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID,
// OPENAPI_DIR (folder holding openapi-subset.json and the OAS26 partial).
import { loadSchemas } from './schemas.mjs';
import { makeHarness, CheckFailure } from './harness.mjs';
import d1 from './d1.mjs';
import r2 from './r2.mjs';
import vectorize from './vectorize.mjs';
import queues from './queues.mjs';
import workers from './workers.mjs';
import auth from './auth.mjs';
import extras from './extras.mjs';
import versions from './versions.mjs';
import ratelimit from './ratelimit.mjs';
import selftest from './selftest.mjs';

const env = {
  base: process.env.CFEMU_BASE,
  rlBase: process.env.CFEMU_RL_BASE,
  token: process.env.CLOUDFLARE_API_TOKEN,
  account: process.env.CLOUDFLARE_ACCOUNT_ID,
};
for (const [k, v] of Object.entries(env)) {
  if (!v) { console.log(`not ok - environment: ${k} is not set`); process.exit(1); }
}
const schemas = loadSchemas(process.env.OPENAPI_DIR);

// Wraps call() to remember which METHOD TEMPLATE pairs were exercised.
function tracking(h, seen) {
  const call = h.call;
  return { ...h, call: (m, t, o) => { seen.add(`${m} ${t}`); return call(m, t, o); } };
}

async function coverage(h, seen) {
  const missing = [];
  for (const doc of schemas.operations()) if (!seen.has(doc)) missing.push(doc);
  await h.test('coverage: every OAS24 and OAS26 operation was exercised', async () => {
    if (missing.length) throw new CheckFailure(`not exercised:\n${missing.join('\n')}`);
  });
}

async function main() {
  const seen = new Set();
  const h = tracking(makeHarness({ ...env, schemas }), seen);
  const ctx = {};
  await selftest(h, schemas);
  await auth(h, env);
  for (const part of [d1, r2, vectorize, queues]) await part(h, ctx);
  await workers(h, ctx);
  await versions(h, ctx);
  await extras(h, env);
  const rl = makeHarness({ ...env, base: env.rlBase, schemas });
  await ratelimit(rl);
  await coverage(h, seen);
}

main().catch((e) => {
  console.log(`not ok - suite crashed: ${e && e.message}`);
  console.log(String(e && e.stack).split('\n').map((l) => `#   ${l}`).join('\n'));
  process.exit(1);
});
