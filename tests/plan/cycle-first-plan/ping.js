export default { fetch() { return new Response("ping"); } };
