// Conversation checkpoints in CHAT_DB (the checkpoints table); a user who
// declined data retention gets none stored.
export interface Env {
  AI: Ai;
  CHAT_DB: D1Database;
  CONSTELLATION: Fetcher;
  SILO: Fetcher;
  TODOS: Fetcher;
  VERSION: string;
  LOG_LEVEL: string;
  ANTHROPIC_API_KEY: string;
  CHAT_ENCRYPTION_KEY: string;
}

type Message = { role: string; content: string };

export async function loadCheckpoint(env: Env, runId: string): Promise<Message[] | null> {
  const row = await env.CHAT_DB.prepare(
    "SELECT data FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1",
  ).bind(runId).first<{ data: string }>();
  return row ? JSON.parse(row.data) : null;
}

export async function saveCheckpoint(env: Env, runId: string, userId: string, messages: Message[]): Promise<void> {
  const consent = await env.CHAT_DB.prepare(
    "SELECT consented FROM data_retention_consents WHERE user_id = ?",
  ).bind(userId).first<{ consented: number }>();
  if (consent && !consent.consented) return;
  await env.CHAT_DB.prepare(
    "INSERT INTO checkpoints (run_id, step, data, created_at) VALUES (?, ?, ?, unixepoch())",
  ).bind(runId, messages.length, JSON.stringify(messages)).run();
}
