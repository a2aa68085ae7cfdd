// ai-processor: consumes new-content-ai (notes silo stored), asks the model
// for a title, summary and todos, and sends the result to enriched-content
// (back to silo) and the todos to the todos queue. A rate-limited message
// goes to ai-processor-rate-limit-dlq, which it consumes again later.
import { enrich, RateLimited, type Env } from "./llm";

interface NewContent {
  id: string;
  userId: string;
}

export default {
  async queue(batch: MessageBatch<NewContent>, env: Env): Promise<void> {
    for (const msg of batch.messages) {
      const { id, userId } = msg.body;
      try {
        const body = await (await env.SILO.fetch(`https://silo/contents/${id}/body`)).text();
        const result = await enrich(env, body);
        await env.ENRICHED_CONTENT.send({ id, userId, title: result.title, summary: result.summary });
        if (result.todos.length > 0)
          await env.TODOS.sendBatch(result.todos.map((text) => ({ body: { userId, sourceId: id, text } })));
        msg.ack();
      } catch (err) {
        if (err instanceof RateLimited && !batch.queue.startsWith("ai-processor-rate-limit-dlq")) {
          await env.RATE_LIMIT_DLQ.send(msg.body);
          msg.ack();
        } else {
          msg.retry();
        }
      }
    }
  },
};
