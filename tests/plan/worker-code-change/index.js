export default {
  fetch() { return new Response("ok, v2"); },
  queue() {},
  scheduled() {},
};
