// constellation (fixture): the worker's code is not what this test is about.
export default {
  async fetch(): Promise<Response> {
    return new Response("constellation");
  },
  async queue(): Promise<void> {},
};
