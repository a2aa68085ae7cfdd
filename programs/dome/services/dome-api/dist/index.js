// dome-api: entry module for the Dome dome-api worker.
export default {
  async fetch(request, env) {
    return new Response(JSON.stringify({ service: "dome-api", level: env.LOG_LEVEL }), {
      headers: { "content-type": "application/json" },
    });
  },
};
