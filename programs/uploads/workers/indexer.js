// indexer: records every uploaded file in the catalog database.
export default {
  async queue(batch, env) {
    for (const message of batch.messages) {
      const object = await env.FILES.head(message.body.key);
      await env.CATALOG.prepare("INSERT OR REPLACE INTO files (key, size) VALUES (?, ?)")
        .bind(message.body.key, object ? object.size : 0)
        .run();
      message.ack();
    }
  },
};
