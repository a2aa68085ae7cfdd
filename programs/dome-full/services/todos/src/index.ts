// todos: a user's todo list. ai-processor sends the action items it finds
// in notes to the todos queue; the API lists and completes them.
import { addTodo, completeTodo, listTodos, type Env } from "./todos";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const userId = url.searchParams.get("userId");
    if (request.method === "GET" && userId) return Response.json(await listTodos(env, userId));
    const done = url.pathname.match(/^\/todos\/([^/]+)\/complete$/);
    if (request.method === "POST" && done) {
      return (await completeTodo(env, done[1])) ? new Response(null, { status: 204 }) : new Response("not found", { status: 404 });
    }
    if (request.method === "POST") {
      const todo = await request.json<{ userId: string; text: string }>();
      return Response.json(await addTodo(env, { ...todo, sourceId: null }), { status: 201 });
    }
    return new Response("not found", { status: 404 });
  },

  async queue(batch: MessageBatch<{ userId: string; sourceId: string; text: string }>, env: Env): Promise<void> {
    for (const msg of batch.messages) await addTodo(env, msg.body);
    batch.ackAll();
  },
};
