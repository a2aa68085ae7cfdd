// constellation: the embedding service. It consumes new-content-constellation
// (notes silo stored), embeds them into the dome-notes index, and answers
// similarity queries. Failed embeddings go to embed-dead-letter, which it
// also consumes to log them.
import { embed, type Env } from "./embedder";

interface NewContent {
  id: string;
  userId: string;
  text: string;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { userId, text, topK } = await request.json<{ userId: string; text: string; topK?: number }>();
    const [vector] = await embed(env, [text]);
    const result = await env.VECTORIZE.query(vector, { topK: topK ?? 10, filter: { userId } });
    return Response.json({ matches: result.matches.map((m) => ({ id: m.id, score: m.score })) });
  },

  async queue(batch: MessageBatch<NewContent>, env: Env): Promise<void> {
    if (batch.queue.startsWith("embed-dead-letter")) {
      for (const msg of batch.messages) console.error("embedding gave up", msg.body.id);
      batch.ackAll();
      return;
    }
    const notes = batch.messages.map((m) => m.body);
    try {
      const vectors = await embed(env, notes.map((n) => n.text));
      await env.VECTORIZE.upsert(notes.map((n, i) => ({
        id: n.id,
        values: vectors[i],
        metadata: { userId: n.userId, version: 1 },
      })));
      batch.ackAll();
    } catch (err) {
      await env.EMBED_DEAD.sendBatch(notes.map((n) => ({ body: n })));
      batch.ackAll();
      console.error("embedding failed", String(err));
    }
  },
};
