export class Counter {
  fetch(): Response { return new Response("counter"); }
}
export default { fetch() { return new Response("silo"); }, queue() {} };
