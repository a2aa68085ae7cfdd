export class ResourceObject {}
export default {
  fetch() { return new Response("ok"); },
};
