// chat: answers a user's question from their notes. It retrieves context
// from constellation, asks the model, and checkpoints the conversation in
// CHAT_DB so a run can resume.
import { loadCheckpoint, saveCheckpoint, type Env } from "./checkpoints";

const MODEL = "@cf/meta/llama-3.1-8b-instruct";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "POST") return new Response("method not allowed", { status: 405 });
    const { userId, runId, message } = await request.json<{ userId: string; runId: string; message: string }>();
    const history = (await loadCheckpoint(env, runId)) ?? [];
    const search = await env.CONSTELLATION.fetch("https://constellation/query", {
      method: "POST",
      body: JSON.stringify({ userId, text: message, topK: 5 }),
    });
    const context = await search.json<{ matches: { id: string; score: number }[] }>();
    const messages = [
      { role: "system", content: `Notes that may help: ${context.matches.map((m) => m.id).join(", ")}` },
      ...history,
      { role: "user", content: message },
    ];
    const answer = (await env.AI.run(MODEL, { messages })) as { response: string };
    await saveCheckpoint(env, runId, userId, [...messages.slice(1), { role: "assistant", content: answer.response }]);
    return Response.json({ runId, answer: answer.response });
  },
};
