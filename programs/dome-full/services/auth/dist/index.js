// auth: a stand-in for the bundled worker (services/auth/src/index.ts)
export default {
  async fetch() {
    return new Response("auth ok");
  },
};
