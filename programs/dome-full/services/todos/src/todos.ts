// The todos table (DB).
export interface Env {
  DB: D1Database;
  LOG_LEVEL: string;
  VERSION: string;
  ENVIRONMENT: string;
}

export interface Todo {
  id: string;
  user_id: string;
  title: string;
  status: "pending" | "completed";
}

export async function addTodo(env: Env, t: { userId: string; sourceId: string | null; text: string }): Promise<{ id: string }> {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    "INSERT INTO todos (id, user_id, title, status, source_note_id, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, unixepoch(), unixepoch())",
  ).bind(id, t.userId, t.text, t.sourceId).run();
  return { id };
}

export async function listTodos(env: Env, userId: string): Promise<Todo[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, user_id, title, status FROM todos WHERE user_id = ? ORDER BY created_at DESC",
  ).bind(userId).all<Todo>();
  return results;
}

export async function completeTodo(env: Env, id: string): Promise<boolean> {
  const r = await env.DB.prepare("UPDATE todos SET status = 'completed', updated_at = unixepoch() WHERE id = ?").bind(id).run();
  return r.meta.changes > 0;
}
