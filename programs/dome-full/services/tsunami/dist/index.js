// tsunami: a stand-in for the bundled worker (services/tsunami/src/index.ts)
export class ResourceObject {
  constructor(state) {
    this.state = state;
  }
  async fetch() {
    return new Response("resource object");
  }
}
export default {
  async fetch() {
    return new Response("tsunami ok");
  },
};
