// silo: entry module for the Dome silo worker (HTTP and queue consumer).
export default {
  async fetch(request, env) {
    return new Response(JSON.stringify({ service: "silo", level: env.LOG_LEVEL }), {
      headers: { "content-type": "application/json" },
    });
  },
  async queue(batch, env) {
    for (const message of batch.messages) message.ack();
  },
};
