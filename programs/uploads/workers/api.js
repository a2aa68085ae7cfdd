// api: PUT /<key> stores the body in R2 and announces it on the queue.
export default {
  async fetch(request, env) {
    const key = new URL(request.url).pathname.slice(1);
    if (request.method !== "PUT" || !key) return new Response("PUT /<key>", { status: 400 });
    await env.FILES.put(key, request.body);
    await env.UPLOADED.send({ key });
    return new Response("stored", { status: 201 });
  },
};
