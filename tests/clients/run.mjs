// Client-compatibility suite: Cloudflare's own clients (wrangler 4.86.0, the
// cloudflare SDK 7.3.0) run their flows against cfemu; every step must
// succeed, make the expected requests, and leave state the SDK reads back.
// Env (set by run.sh): CLOUDFLARE_API_BASE_URL, CLOUDFLARE_API_TOKEN,
// CLOUDFLARE_ACCOUNT_ID, CFEMU_LOG, WORK_DIR; FLOWS_OUT (optional) receives
// each step's request sequence as JSON lines.
import { appendFileSync } from 'node:fs';
import { wrangler, requestLog, describe } from './wrangler.mjs';
import { projects, targetProject } from './projects.mjs';
import { readBack } from './sdk.mjs';
import { platform, platformReadBack } from './platform.mjs';
import { coverage } from './coverage.mjs';

const log = requestLog(process.env.CFEMU_LOG);
const work = process.env.WORK_DIR;

function fail(msg) { throw new Error(msg); }
function expectIn(out, text, what) { if (!out.includes(text)) fail(`${what}: output lacks "${text}"`); }
// has(reqs, METHOD, pathRegex, status?) -> the first matching request or a failure.
function has(reqs, method, re, status) {
  const hit = reqs.find((r) => r.method === method && re.test(String(r.path)) && (status === undefined || r.status === status));
  if (!hit) fail(`no ${method} ${re}${status ? ` -> ${status}` : ''} among:\n${reqs.map(describe).join('\n')}`);
  return hit;
}

function report(name, err, detail) {
  if (!err) { console.log(`ok - ${name}`); return; }
  console.log(`not ok - ${name}`);
  for (const l of `${err.message}\n${detail || ''}`.trim().split('\n').slice(0, 25)) console.log(`#   ${l}`);
}

// record(NAME, COMMAND, requests): appends one flow to FLOWS_OUT, if set.
function record(name, command, reqs) {
  if (!process.env.FLOWS_OUT) return;
  appendFileSync(process.env.FLOWS_OUT, `${JSON.stringify({ name, command, requests: reqs.map(describe) })}\n`);
}

// api(METHOD, PATH, headers) -> the parsed envelope of a direct call to cfemu
// (PATH below /accounts/:account_id), to check state a step left behind.
async function api(method, path, headers = {}) {
  const url = `${process.env.CLOUDFLARE_API_BASE_URL}/accounts/${process.env.CLOUDFLARE_ACCOUNT_ID}${path}`;
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${process.env.CLOUDFLARE_API_TOKEN}`, ...headers } });
  return res.json();
}

// makeStep(only, sink) -> step(NAME, ARGS, CWD, check, env, input): runs
// `wrangler ARGS` in CWD (input on stdin), then check({code, out}, requests)
// and reports. Steps of different groups may run at once: a step then sees
// only the requests whose path matches `only` (groups touch disjoint paths),
// and its flow goes to `sink` (an array) instead of straight to FLOWS_OUT.
function makeStep(only, sink) {
  return async (name, args, cwd, check, env, input) => {
    const m = log.mark();
    const r = await wrangler(args, cwd, env, input);
    const reqs = log.since(m).filter((q) => !only || only.test(String(q.path)));
    if (sink) sink.push([name, `wrangler ${args.join(' ')}`, reqs]); else record(name, `wrangler ${args.join(' ')}`, reqs);
    let err = null;
    try {
      if (r.code !== 0) fail(`wrangler exited with ${r.code}`);
      if (check) await check(r, reqs);
    } catch (e) { err = e; }
    report(name, err, err ? `${reqs.map(describe).join('\n')}\n--- wrangler output:\n${r.out.slice(-1500)}` : '');
    return r;
  };
}
const step = makeStep(null, null);

// Runs groups of steps at once ([pathRegex, fn(step)] each; wrangler is
// slow to start), then records their flows group by group.
async function parallel(groups) {
  const sinks = groups.map(() => []);
  await Promise.all(groups.map(([re, fn], i) => fn(makeStep(re, sinks[i]))));
  for (const flow of sinks.flat()) record(...flow);
}

// D1, R2, Queues and Vectorize commands (four groups run at once) and the
// first deploy of the service-binding target (a fifth); returns ctx.d1.
async function resources() {
  const ctx = {};
  await parallel([
    [/\/d1\//, (st) => d1Steps(st, ctx)],
    [/\/r2\//, r2Steps],
    [/\/queues/, queueSteps],
    [/\/vectorize\//, vectorizeSteps],
    [/\/workers\//, (st) => st('wrangler deploy: service-binding target worker', ['deploy'], targetProject(work), (r, q) => {
      has(q, 'PUT', /\/workers\/scripts\/cli-target$/, 200);
    })],
  ]);
  return ctx;
}

async function d1Steps(step, ctx) {
  await step('wrangler d1 create', ['d1', 'create', 'cli-db'], work, (r, q) => {
    const hit = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(r.out);
    if (!hit) fail('no database UUID in the output');
    ctx.d1 = hit[0];
    has(q, 'POST', /\/d1\/database$/, 200);
  });
  await step('wrangler d1 create (second, to delete)', ['d1', 'create', 'cli-db-tmp'], work);
  await step('wrangler d1 list --json', ['d1', 'list', '--json'], work, (r) => {
    const names = JSON.parse(r.out.slice(r.out.indexOf('['))).map((d) => d.name);
    if (!names.includes('cli-db') || !names.includes('cli-db-tmp')) fail(`d1 list: ${names}`);
  });
  const sql = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('from-wrangler')";
  await step('wrangler d1 execute --remote (write)', ['d1', 'execute', 'cli-db', '--remote', '--yes', '--command', sql], work, (r, q) => {
    has(q, 'POST', /\/d1\/database\/[0-9a-f-]{36}\/query$/, 200);
  });
  await step('wrangler d1 execute --remote --json (read)', ['d1', 'execute', 'cli-db', '--remote', '--json', '--command', 'SELECT body FROM notes'], work, (r) => {
    const res = JSON.parse(r.out.slice(r.out.indexOf('[')));
    const rows = res[0] && res[0].results;
    if (JSON.stringify(rows) !== '[{"body":"from-wrangler"}]') fail(`rows: ${JSON.stringify(rows)}`);
  });
  await step('wrangler d1 delete', ['d1', 'delete', 'cli-db-tmp', '-y'], work, (r, q) => { has(q, 'DELETE', /\/d1\/database\/[0-9a-f-]{36}$/, 200); });
}

async function r2Steps(step) {
  for (const n of ['cli-bucket', 'cli-bucket-tmp']) {
    await step(`wrangler r2 bucket create ${n}`, ['r2', 'bucket', 'create', n], work, (r, q) => { has(q, 'POST', /\/r2\/buckets$/, 200); });
  }
  await step('wrangler r2 bucket list', ['r2', 'bucket', 'list'], work, (r) => { expectIn(r.out, 'cli-bucket-tmp', 'r2 list'); });
  await step('wrangler r2 bucket create --location weur --storage-class InfrequentAccess',
    ['r2', 'bucket', 'create', 'cli-weur-bucket', '--location', 'weur', '-s', 'InfrequentAccess'], work, async () => {
      const b = await api('GET', '/r2/buckets/cli-weur-bucket');
      const got = b.result && [String(b.result.location).toLowerCase(), b.result.storage_class];
      if (JSON.stringify(got) !== '["weur","InfrequentAccess"]') fail(`bucket read back: ${JSON.stringify(b.result)}`);
      if (!(await api('DELETE', '/r2/buckets/cli-weur-bucket')).success) fail('could not delete cli-weur-bucket');
    });
  await step('wrangler r2 bucket create --jurisdiction eu', ['r2', 'bucket', 'create', 'cli-eu-bucket', '-J', 'eu'], work, async () => {
      const b = await api('GET', '/r2/buckets/cli-eu-bucket', { 'cf-r2-jurisdiction': 'eu' });
      if (!b.result || b.result.jurisdiction !== 'eu') fail(`bucket read back: ${JSON.stringify(b)}`);
      const plain = await api('GET', '/r2/buckets/cli-eu-bucket');
      if (plain.success) fail('eu bucket visible without the cf-r2-jurisdiction header');
    });
  await step('wrangler r2 bucket list --jurisdiction eu', ['r2', 'bucket', 'list', '-J', 'eu'], work, (r) => {
    expectIn(r.out, 'cli-eu-bucket', 'eu list');
    if (r.out.includes('cli-bucket-tmp')) fail('eu list shows a default-jurisdiction bucket');
  });
  await step('wrangler r2 bucket delete --jurisdiction eu', ['r2', 'bucket', 'delete', 'cli-eu-bucket', '-J', 'eu'], work, (r, q) => {
    has(q, 'DELETE', /\/r2\/buckets\/cli-eu-bucket$/, 200);
  });
  await step('wrangler r2 bucket delete', ['r2', 'bucket', 'delete', 'cli-bucket-tmp'], work, (r, q) => { has(q, 'DELETE', /\/r2\/buckets\/cli-bucket-tmp$/, 200); });
}

async function queueSteps(step) {
  for (const n of ['cli-queue', 'cli-queue-tmp']) {
    await step(`wrangler queues create ${n}`, ['queues', 'create', n], work, (r, q) => { has(q, 'POST', /\/queues$/, 200); });
  }
  await step('wrangler queues list', ['queues', 'list'], work, (r) => { expectIn(r.out, 'cli-queue-tmp', 'queues list'); });
  await step('wrangler queues delete', ['queues', 'delete', 'cli-queue-tmp'], work, (r, q) => { has(q, 'DELETE', /\/queues\/[0-9a-f]{32}$/, 200); });
}

async function vectorizeSteps(step) {
  await step('wrangler vectorize create (dimensions)', ['vectorize', 'create', 'cli-index', '--dimensions', '32', '--metric', 'cosine'], work, (r, q) => {
    has(q, 'POST', /\/vectorize\/v2\/indexes$/, 200);
  });
  await step('wrangler vectorize create (preset)', ['vectorize', 'create', 'cli-index-tmp', '--preset', '@cf/baai/bge-small-en-v1.5'], work);
  await step('wrangler vectorize list --json', ['vectorize', 'list', '--json'], work, (r) => {
    const names = JSON.parse(r.out.slice(r.out.indexOf('['))).map((i) => i.name);
    if (!names.includes('cli-index') || !names.includes('cli-index-tmp')) fail(`vectorize list: ${names}`);
  });
  await step('wrangler vectorize delete', ['vectorize', 'delete', 'cli-index-tmp', '--force'], work, (r, q) => {
    has(q, 'DELETE', /\/vectorize\/v2\/indexes\/cli-index-tmp$/, 200);
  });
}

async function deploys(ctx) {
  const dirs = projects(work, ctx);
  await step('wrangler deploy: new worker with D1, R2, queue, Vectorize, service bindings', ['deploy'], dirs.main, (r, q) => {
    has(q, 'GET', /\/workers\/services\/cli-worker$/, 404);
    has(q, 'PUT', /\/workers\/scripts\/cli-worker$/, 200);
    has(q, 'POST', /\/queues\/[0-9a-f]{32}\/consumers$/, 200);
    has(q, 'PUT', /\/workers\/scripts\/cli-worker\/schedules$/, 200);
    expectIn(r.out, 'Current Version ID', 'deploy output');
  });
  await step('wrangler deploy again: versions and deployments path', ['deploy'], dirs.main, (r, q) => {
    has(q, 'GET', /\/workers\/services\/cli-worker$/, 200);
    has(q, 'POST', /\/workers\/scripts\/cli-worker\/versions$/, 200);
    has(q, 'POST', /\/workers\/scripts\/cli-worker\/deployments$/, 200);
    has(q, 'PUT', /\/queues\/[0-9a-f]{32}\/consumers\/[0-9a-f]{32}$/, 200);
  });
  await step('wrangler deploy: auto-provisions a missing D1 database and R2 bucket', ['deploy'], dirs.prov, (r, q) => {
    has(q, 'GET', /\/r2\/buckets\/prov-bucket$/, 404);
    has(q, 'POST', /\/d1\/database$/, 200);
    has(q, 'POST', /\/r2\/buckets$/, 200);
    has(q, 'PUT', /\/workers\/scripts\/prov-worker$/, 200);
  });
  return dirs;
}

// Without CLOUDFLARE_ACCOUNT_ID wrangler looks the account up first.
async function lookups() {
  const { CLOUDFLARE_ACCOUNT_ID: account, ...env } = process.env;
  await step('wrangler whoami (no account id)', ['whoami'], work, (r, q) => {
    has(q, 'GET', /\/user\/tokens\/verify$/, 200);
    expectIn(r.out, account, 'whoami output');
  }, env);
  await step('wrangler d1 list (no account id, cold cache)', ['d1', 'list', '--json'], work, (r, q) => {
    has(q, 'GET', /\/memberships$/, 200);
    has(q, 'GET', new RegExp(`/accounts/${account}/d1/database$`), 200);
  }, { ...env, WRANGLER_CACHE_DIR: `${work}/cold-cache` });
}

// Commands run inside the deployed project: d1 execute by binding name (the
// config holds the id), and Workers secrets (API.md 6.5): put reads the
// value from stdin; list must show the name and never the value.
async function projectSteps(dirs) {
  await step('wrangler d1 execute --remote from the project (binding name, config id)', ['d1', 'execute', 'DB', '--remote', '--json', '--command', 'SELECT count(*) AS n FROM notes'], dirs.main, (r, q) => {
    has(q, 'POST', /\/d1\/database\/[0-9a-f-]{36}\/query$/, 200);
    const res = JSON.parse(r.out.slice(r.out.indexOf('[')));
    if (JSON.stringify(res[0] && res[0].results) !== '[{"n":1}]') fail(`results: ${JSON.stringify(res)}`);
  });
  await step('wrangler secret put', ['secret', 'put', 'API_KEY'], dirs.main, (r, q) => {
    has(q, 'PUT', /\/workers\/scripts\/cli-worker\/secrets$/, 200);
  }, undefined, 'not-a-real-secret-value\n');
  await step('wrangler secret list', ['secret', 'list', '--format', 'json'], dirs.main, (r, q) => {
    has(q, 'GET', /\/workers\/scripts\/cli-worker\/secrets$/, 200);
    expectIn(r.out, 'API_KEY', 'secret list');
    if (r.out.includes('not-a-real-secret-value')) fail('secret list shows the value');
  });
  await step('wrangler secret delete', ['secret', 'delete', 'API_KEY'], dirs.main, (r, q) => {
    has(q, 'DELETE', /\/workers\/scripts\/cli-worker\/secrets\/API_KEY$/, 200);
  });
}

async function main() {
  await lookups();
  const ctx = await resources();
  const dirs = await deploys(ctx);
  await projectSteps(dirs);
  await readBack(ctx, log, report, record);
  const pctx = await platform({ step, api, has, expectIn, work, report });
  await platformReadBack(pctx, report);
  await coverage(report);
  await step('wrangler delete (worker)', ['delete', '--force'], dirs.prov, async (r, q) => {
    has(q, 'DELETE', /\/workers\/(services|scripts)\/prov-worker$/, 200);
    const ids = ((await api('GET', '/workers/scripts')).result || []).map((x) => x.id);
    if (ids.includes('prov-worker')) fail(`prov-worker still listed: ${ids}`);
  });
}

main().catch((e) => {
  console.log(`not ok - clients suite crashed: ${e && e.message}`);
  process.exit(1);
});
