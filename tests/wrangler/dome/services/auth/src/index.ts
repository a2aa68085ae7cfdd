// auth (fixture): the worker's code is not what this test is about.
export default {
  async fetch(): Promise<Response> {
    return new Response("auth");
  },
  async queue(): Promise<void> {},
};
