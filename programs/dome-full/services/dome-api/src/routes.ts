// The routes of the public API: each prefix belongs to one service.
import type { Hono } from "hono";
import { log } from "./log";
import type { Env } from "./types";

type App = Hono<{ Bindings: Env }>;

// Forward the request unchanged to a bound service.
function forward(service: keyof Env) {
  return (c: { env: Env; req: { raw: Request } }) =>
    (c.env[service] as Fetcher).fetch(c.req.raw);
}

export function mountRoutes(app: App): void {
  app.get("/health", (c) => c.json({ service: "dome-api", version: c.env.VERSION, ok: true }));
  app.all("/auth/*", forward("AUTH"));
  app.all("/notes/*", forward("SILO"));
  app.all("/search/*", forward("CONSTELLATION"));
  app.all("/chat/*", forward("CHAT"));
  app.all("/todos/*", forward("TODOS"));
  app.all("/sync/*", forward("TSUNAMI"));
  app.all("/ai/*", forward("AI_PROCESSOR"));
  // Bulk ingest is asynchronous: silo picks it up from its queue.
  app.post("/ingest", async (c) => {
    const item = await c.req.json<{ userId: string; url: string }>();
    await c.env.SILO_INGEST_QUEUE.send({ ...item, source: "dome-api" });
    log("ingest queued", { userId: item.userId });
    return c.json({ queued: true }, 202);
  });
}
