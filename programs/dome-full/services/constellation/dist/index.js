// constellation: a stand-in for the bundled worker (services/constellation/src/index.ts)
export default {
  async fetch() {
    return new Response("constellation ok");
  },
};
