// silo: a stand-in for the bundled worker (services/silo/src/index.ts)
export default {
  async fetch() {
    return new Response("silo ok");
  },
};
