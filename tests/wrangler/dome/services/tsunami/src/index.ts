// tsunami (fixture): the worker's code is not what this test is about.
export default {
  async fetch(): Promise<Response> {
    return new Response("tsunami");
  },
  async queue(): Promise<void> {},
};

export class ResourceObject {
  constructor(readonly state: unknown) {}
  async fetch(): Promise<Response> {
    return new Response("resource");
  }
}
