export default { fetch() { return new Response("silo"); }, queue() {} };
