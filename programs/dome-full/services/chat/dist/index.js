// chat: a stand-in for the bundled worker (services/chat/src/index.ts)
export default {
  async fetch() {
    return new Response("chat ok");
  },
};
