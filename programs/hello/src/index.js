// greeter: answers every request with the GREETING variable.
export default {
  async fetch(request, env) {
    return new Response(env.GREETING);
  },
  async scheduled(event, env) {
    console.log(`${env.GREETING}: cron ${event.cron}`);
  },
};
