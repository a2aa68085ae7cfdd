// dome-api: a stand-in for the bundled worker (services/dome-api/src/index.ts)
export default {
  async fetch() {
    return new Response("dome-api ok");
  },
};
