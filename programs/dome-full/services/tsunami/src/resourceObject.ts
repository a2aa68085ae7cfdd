// ResourceObject: one per synced resource. Its SQLite storage remembers the
// cursor of the last sync, so a sync only sends what changed to silo.
export interface Env {
  SYNC_PLAN: D1Database;
  RESOURCE_OBJECT: DurableObjectNamespace;
  SILO_INGEST_QUEUE: Queue<unknown>;
  SILO: Fetcher;
  GITHUB_TOKEN: string;
  TOKEN_ENCRYPTION_KEY: string;
}

export class ResourceObject {
  constructor(private readonly ctx: DurableObjectState, private readonly env: Env) {
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS cursor (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT)");
  }

  async fetch(request: Request): Promise<Response> {
    const userId = new URL(request.url).searchParams.get("userId") ?? "";
    const cursor = this.ctx.storage.sql.exec("SELECT value FROM cursor").toArray()[0]?.value ?? null;
    const since = cursor ? `since=${cursor}` : "";
    const now = new Date().toISOString();
    await this.env.SILO_INGEST_QUEUE.send({ userId, source: "tsunami", cursor: since, at: now });
    this.ctx.storage.sql.exec("INSERT OR REPLACE INTO cursor (id, value) VALUES (1, ?)", now);
    await this.env.SYNC_PLAN.prepare("INSERT INTO sync_history (id, user_id, started_at, status) VALUES (?, ?, unixepoch(), 'queued')")
      .bind(crypto.randomUUID(), userId).run();
    return Response.json({ queued: true, since: cursor });
  }
}
