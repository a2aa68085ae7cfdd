// constellation: entry module for the Dome constellation worker.
export default {
  async fetch(request, env) {
    return new Response(JSON.stringify({ service: "constellation", level: env.LOG_LEVEL }), {
      headers: { "content-type": "application/json" },
    });
  },
};
