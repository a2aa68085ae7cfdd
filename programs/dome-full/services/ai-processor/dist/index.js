// ai-processor: a stand-in for the bundled worker (services/ai-processor/src/index.ts)
export default {
  async fetch() {
    return new Response("ai-processor ok");
  },
};
