// A TypeScript worker: a relative import, an npm package, a text module.
import escapeHtml from "escape-html";
import { greeting } from "./lib/greet";
import banner from "./data/banner.txt";

export default {
  async fetch(request: Request): Promise<Response> {
    const who: string = new URL(request.url).searchParams.get("who") ?? "world";
    return new Response(`${banner}${greeting(escapeHtml(who))}`);
  },
};
