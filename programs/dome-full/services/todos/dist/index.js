// todos: a stand-in for the bundled worker (services/todos/src/index.ts)
export default {
  async fetch() {
    return new Response("todos ok");
  },
};
