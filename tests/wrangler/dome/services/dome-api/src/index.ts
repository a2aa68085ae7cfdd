// dome-api (fixture): the worker's code is not what this test is about.
export default {
  async fetch(): Promise<Response> {
    return new Response("dome-api");
  },
  async queue(): Promise<void> {},
};
