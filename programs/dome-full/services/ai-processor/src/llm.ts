// The enrichment prompt and the model call (Workers AI).
import { Buffer } from "node:buffer";

export interface Env {
  AI: Ai;
  ENRICHED_CONTENT: Queue<unknown>;
  TODOS: Queue<unknown>;
  RATE_LIMIT_DLQ: Queue<unknown>;
  SILO: Fetcher;
  LOG_LEVEL: string;
  VERSION: string;
  ENVIRONMENT: string;
  AI_MODEL_NAME?: string;
  AI_TOKEN_LIMIT?: string;
}

export class RateLimited extends Error {}

export interface Enrichment {
  title: string;
  summary: string;
  todos: string[];
}

const PROMPT = `Read the note below. Answer with JSON only:
{"title": string, "summary": string (two sentences), "todos": string[] (action items, may be empty)}`;

export async function enrich(env: Env, body: string): Promise<Enrichment> {
  const limit = Number(env.AI_TOKEN_LIMIT ?? 24000);
  // roughly four bytes a token; cut on a byte count, not a character count
  const text = Buffer.from(body).subarray(0, limit * 4).toString("utf8");
  let out: { response?: string };
  try {
    out = (await env.AI.run(env.AI_MODEL_NAME ?? "@cf/meta/llama-3.1-8b-instruct", {
      messages: [{ role: "system", content: PROMPT }, { role: "user", content: text }],
    })) as { response?: string };
  } catch (err) {
    if (String(err).includes("3040")) throw new RateLimited(String(err)); // capacity exceeded
    throw err;
  }
  return JSON.parse(out.response ?? "{}") as Enrichment;
}
