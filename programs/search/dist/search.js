// search: embeds the query with Workers AI and asks Vectorize for neighbours.
export default {
  async fetch(request, env) {
    const q = new URL(request.url).searchParams.get("q") || "";
    const { data } = await env.AI.run(env.MODEL, { text: [q] });
    const matches = await env.NOTES.query(data[0], { topK: 5 });
    return Response.json(matches);
  },
};
