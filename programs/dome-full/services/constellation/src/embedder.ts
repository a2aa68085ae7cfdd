// Embeds text with Workers AI. bge-large-en-v1.5 gives the 1024-dimension
// vectors the dome-notes index is made for.
export interface Env {
  AI: Ai;
  VECTORIZE: VectorizeIndex;
  EMBED_DEAD: Queue<unknown>;
  SILO: Fetcher;
  VERSION: string;
  LOG_LEVEL: string;
}

export const EMBEDDING_MODEL = "@cf/baai/bge-large-en-v1.5";
const MAX_CHARS = 8000; // the model's input window, roughly

export async function embed(env: Env, texts: string[]): Promise<number[][]> {
  const input = texts.map((t) => t.slice(0, MAX_CHARS));
  const out = (await env.AI.run(EMBEDDING_MODEL, { text: input })) as { data: number[][] };
  if (out.data.length !== texts.length) throw new Error(`embedder returned ${out.data.length} of ${texts.length}`);
  return out.data;
}
