// silo's queue handler switches on the queue a batch came from. Queue names
// carry the stack suffix outside prod (silo-ingest-queue-dev), so the
// switch is on the name without it.
import { putContent, recordContent, type Env } from "./contents";

const baseName = (queue: string) => queue.replace(/-(dev|staging)$/, "");

export async function handleBatch(batch: MessageBatch<any>, env: Env): Promise<void> {
  switch (baseName(batch.queue)) {
    case "silo-content-uploaded": // R2 object-create notifications on silo-content
      for (const m of batch.messages) {
        const key: string = m.body.object.key;
        const [, userId, id] = key.split("/");
        await recordContent(env, id, userId, key, m.body.object.size, null, "upload");
      }
      break;
    case "enriched-content": // ai-processor's title and summary
      for (const m of batch.messages)
        await env.DB.prepare("UPDATE contents SET title = ?, summary = ?, updated_at = unixepoch() WHERE id = ?")
          .bind(m.body.title, m.body.summary, m.body.id).run();
      break;
    case "silo-ingest-queue": // bulk ingest from dome-api and tsunami
      for (const m of batch.messages) await putContent(env, m.body);
      break;
    case "ingest-dead-letter": // what ingest gave up on, kept for inspection
      for (const m of batch.messages)
        await env.DB.prepare("INSERT INTO dlq_metadata (message_id, queue_name, body, failed_at) VALUES (?, ?, ?, unixepoch())")
          .bind(m.id, batch.queue, JSON.stringify(m.body)).run();
      break;
    default:
      throw new Error(`silo: no handler for queue ${batch.queue}`);
  }
  batch.ackAll();
}
