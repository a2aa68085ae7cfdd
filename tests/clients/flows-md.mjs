// Turns the request sequences the client suite recorded (FLOWS_OUT, JSON
// lines from cfemu's --log) into emulator/CLIENT-FLOWS.md on stdout:
//   FLOWS_OUT=/tmp/flows.jsonl sh tests/clients/run.sh
//   node tests/clients/flows-md.mjs /tmp/flows.jsonl > emulator/CLIENT-FLOWS.md
import { readFileSync } from 'node:fs';

const HEADER = `# Request sequences of Cloudflare's own clients against cfemu

Every request wrangler 4.86.0 and the cloudflare TypeScript SDK 7.3.0 make in
the flows of \`tests/clients\`, in order, as cfemu's \`--log\` recorded them
(method, path below \`/client/v4\`, query, status). The suite asserts the key
requests of each step; this file is generated from a passing run:

    FLOWS_OUT=/tmp/flows.jsonl sh tests/clients/run.sh
    node tests/clients/flows-md.mjs /tmp/flows.jsonl > emulator/CLIENT-FLOWS.md

Ids are replaced by placeholders: \`:account_id\` (32 hex), \`:uuid\` (a D1
database), \`:queue_id\` and \`:consumer_id\` (32 hex). Unless a step says
otherwise, wrangler runs with \`CLOUDFLARE_API_BASE_URL\`, \`CLOUDFLARE_API_TOKEN\`
and \`CLOUDFLARE_ACCOUNT_ID\` set, so it makes no account look-up; every
request carries \`Authorization: Bearer <token>\`.

What the log does not show: bodies and headers. These were captured by
putting a logging HTTP proxy between the clients and cfemu for one run of
this suite:
- wrangler sends JSON bodies with varying content types: \`application/json\`
  (D1 create and query, deployments, script-settings, schedules, secrets,
  subdomain), \`text/plain;charset=UTF-8\` (R2 bucket create \`{"name"}\`, queue
  create \`{"queue_name"}\`, consumer create/update), and
  \`application/json; charset=utf-8;\` (Vectorize create
  \`{"name","config":{"metric","dimensions"}}\`).
- \`PUT .../workers/scripts/:name\` and \`POST .../versions\` are
  multipart/form-data (undici boundary): a \`metadata\` part with no filename
  and no content type, holding \`{"main_module":"index.js","bindings":[...],
  "compatibility_date":"2025-01-01","compatibility_flags":[]}\` with bindings
  \`{"name":"MODE","type":"plain_text","text"}\`, \`{"type":"queue","name":"Q","queue_name"}\`,
  \`{"name":"BUCKET","type":"r2_bucket","bucket_name"}\`, \`{"name":"DB","type":"d1","id":<uuid>}\`
  (\`id\`, not \`database_id\`), \`{"name":"VEC","type":"vectorize","index_name"}\`,
  \`{"name":"SVC","type":"service","service"}\`; then a part \`index.js\`
  (filename \`index.js\`, \`Content-Type: application/javascript+module\`) with
  the esbuild bundle. wrangler reads \`startup_time_ms\` and \`deployment_id\`
  (upload) or \`id\` and \`resources.script.etag\` (versions).
- \`POST .../deployments\`: \`{"strategy":"percentage","versions":[{"version_id",
  "percentage":100}],"annotations":{}}\`; \`PATCH .../script-settings\`:
  \`{"observability":{"enabled":false},"tags":[]}\`; \`PUT .../schedules\`:
  \`[{"cron":"*/5 * * * *"}]\`; \`POST .../subdomain\`: \`{"enabled":true}\` with header
  \`cloudflare-workers-script-api-date: 2025-08-01\`.
- Queue consumer create (and the \`PUT\` on redeploy):
  \`{"type":"worker","script_name":"cli-worker","settings":{"batch_size":5,"max_wait_time_ms":2000}}\`
  from \`max_batch_size = 5\`, \`max_batch_timeout = 2\` in the config.
- \`wrangler secret put\`: \`PUT .../secrets\` \`{"name","text","type":"secret_text"}\`;
  \`-J eu\` adds the header \`cf-r2-jurisdiction: eu\` to R2 calls.
- The 404s on \`services\`, \`deployments\` and \`settings\` tell wrangler the
  worker is new (code 10090 / 10007); the 404 on \`r2/buckets/prov-bucket\`
  (code 10006) makes it create the bucket; the auto-provisioned database is
  named \`<worker>-<binding lowercased>\` (\`prov-worker-db\`).
- The SDK sends \`User-Agent: Cloudflare/JS 7.3.0\` and \`x-stainless-*\`
  headers; its auto-paginating D1 list stops on the first empty page.
`;

function normalise(line, account) {
  return line
    .split(account).join(':account_id')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':uuid')
    .replace(/\/queues\/[0-9a-f]{32}/g, '/queues/:queue_id')
    .replace(/\/consumers\/[0-9a-f]{32}/g, '/consumers/:consumer_id');
}

function main() {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node tests/clients/flows-md.mjs FLOWS.jsonl > emulator/CLIENT-FLOWS.md');
    process.exit(2);
  }
  const flows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const account = process.env.CLOUDFLARE_ACCOUNT_ID || '0123456789abcdef0123456789abcdef';
  const out = [HEADER];
  for (const f of flows) {
    out.push(`## ${f.name}\n`);
    const cmd = normalise(f.command, account);
    out.push(cmd.startsWith('SDK: ') ? `SDK: \`${cmd.slice(5)}\`\n` : `\`${cmd}\`\n`);
    if (!f.requests.length) out.push('(no requests)\n');
    f.requests.forEach((r, i) => out.push(`${i + 1}. \`${normalise(r, account)}\``));
    out.push('');
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
