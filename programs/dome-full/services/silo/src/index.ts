// silo: the content store. Note bodies live in R2 (BUCKET), their metadata
// in D1 (DB). New content is announced to constellation and ai-processor;
// four queues feed it (see queues.ts).
import { getContent, putContent, type Env } from "./contents";
import { handleBatch } from "./queues";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const match = url.pathname.match(/^\/(?:notes|contents)\/([^/]+)(\/body)?$/);
    if (request.method === "POST" && url.pathname.match(/^\/(notes|contents)\/?$/)) {
      const { userId, title, body } = await request.json<{ userId: string; title?: string; body: string }>();
      return Response.json(await putContent(env, { userId, title, body, source: "api" }), { status: 201 });
    }
    if (request.method === "GET" && match) {
      const found = await getContent(env, match[1]);
      if (!found) return new Response("not found", { status: 404 });
      return match[2] ? new Response(found.body) : Response.json(found.meta);
    }
    return new Response("not found", { status: 404 });
  },

  queue: handleBatch,
};
