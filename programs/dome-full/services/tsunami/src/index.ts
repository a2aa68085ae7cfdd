// tsunami: syncs external resources (GitHub repositories, Notion pages)
// into silo. Each resource has one ResourceObject (a SQLite-backed Durable
// Object) that serialises its syncs; the plan of what to sync and when is
// in SYNC_PLAN (D1).
import { ResourceObject, type Env } from "./resourceObject";

export { ResourceObject };

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const match = url.pathname.match(/^\/sync\/(github|notion)\/(.+)$/);
    if (request.method !== "POST" || !match) return new Response("not found", { status: 404 });
    const [, provider, resourceId] = match;
    const { userId } = await request.json<{ userId: string }>();
    await env.SYNC_PLAN.prepare(
      "INSERT INTO sync_plan (id, user_id, provider, resource_id, created_at) VALUES (?, ?, ?, ?, unixepoch()) ON CONFLICT (resource_id) DO NOTHING",
    ).bind(crypto.randomUUID(), userId, provider, resourceId).run();
    const stub = env.RESOURCE_OBJECT.get(env.RESOURCE_OBJECT.idFromName(`${provider}:${resourceId}`));
    return stub.fetch(new Request(`https://resource/sync?userId=${encodeURIComponent(userId)}`, { method: "POST" }));
  },
};
