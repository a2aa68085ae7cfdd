// Contents: the body in R2 under r2_key, the row in the contents table.
export interface Env {
  DB: D1Database;
  BUCKET: R2Bucket;
  NEW_CONTENT_CONSTELLATION: Queue<unknown>;
  NEW_CONTENT_AI: Queue<unknown>;
  INGEST_DLQ: Queue<unknown>;
  SILO_INGEST_QUEUE: Queue<unknown>;
  LOG_LEVEL: string;
  VERSION: string;
  ENVIRONMENT: string;
}

export interface ContentMeta {
  id: string;
  user_id: string;
  r2_key: string;
  title: string | null;
  summary: string | null;
}

export async function putContent(
  env: Env,
  c: { userId: string; title?: string; body: string; source: string },
): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  const r2Key = `content/${c.userId}/${id}`;
  await env.BUCKET.put(r2Key, c.body);
  await recordContent(env, id, c.userId, r2Key, c.body.length, c.title ?? null, c.source);
  return { id };
}

// Records an object already in R2 and announces it to the processors.
export async function recordContent(
  env: Env, id: string, userId: string, r2Key: string, size: number, title: string | null, source: string,
): Promise<void> {
  await env.DB.prepare(
    "INSERT OR IGNORE INTO contents (id, user_id, r2_key, size, title, source, created_at) VALUES (?, ?, ?, ?, ?, ?, unixepoch())",
  ).bind(id, userId, r2Key, size, title, source).run();
  const note = { id, userId };
  await Promise.all([env.NEW_CONTENT_CONSTELLATION.send(note), env.NEW_CONTENT_AI.send(note)]);
}

export async function getContent(env: Env, id: string): Promise<{ meta: ContentMeta; body: string } | null> {
  const meta = await env.DB.prepare("SELECT id, user_id, r2_key, title, summary FROM contents WHERE id = ?")
    .bind(id).first<ContentMeta>();
  const object = meta && (await env.BUCKET.get(meta.r2_key));
  return meta && object ? { meta, body: await object.text() } : null;
}
