// Writes the wrangler projects the deploy flows use: a plain worker (the
// service-binding target), a worker with every binding kind, and one whose
// D1 database and R2 bucket do not exist yet (auto-provisioning).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = `export default {
  async fetch(request, env) { return new Response("cfemu client test"); },
  async queue(batch, env) { for (const m of batch.messages) m.ack(); },
};
`;

function project(dir, config) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'index.js'), SOURCE);
  writeFileSync(join(dir, 'wrangler.json'), `${JSON.stringify({ main: 'index.js', compatibility_date: '2025-01-01', ...config }, null, 2)}\n`);
  return dir;
}

// targetProject(WORK) -> the folder of "cli-target", a plain worker that
// the main project's service binding points at.
export function targetProject(work) {
  return project(join(work, 'target'), { name: 'cli-target' });
}

// projects(WORK, ctx) -> {target, main, prov}: project folders under WORK.
// ctx.d1 is the UUID of the "cli-db" database made by `wrangler d1 create`.
export function projects(work, ctx) {
  return {
    target: join(work, 'target'),
    main: project(join(work, 'main'), {
      name: 'cli-worker',
      d1_databases: [{ binding: 'DB', database_name: 'cli-db', database_id: ctx.d1 }],
      r2_buckets: [{ binding: 'BUCKET', bucket_name: 'cli-bucket' }],
      queues: {
        producers: [{ binding: 'Q', queue: 'cli-queue' }],
        consumers: [{ queue: 'cli-queue', max_batch_size: 5, max_batch_timeout: 2 }],
      },
      vectorize: [{ binding: 'VEC', index_name: 'cli-index' }],
      services: [{ binding: 'SVC', service: 'cli-target' }],
      vars: { MODE: 'test' },
      triggers: { crons: ['*/5 * * * *'] },
    }),
    prov: project(join(work, 'prov'), {
      name: 'prov-worker',
      d1_databases: [{ binding: 'DB' }],
      r2_buckets: [{ binding: 'BUCKET', bucket_name: 'prov-bucket' }],
    }),
  };
}
