// Users and the identity providers they signed in with (AUTH_DB).
export interface Env {
  AUTH_DB: D1Database;
  AUTH_TOKENS: KVNamespace;
  ENVIRONMENT: string;
  VERSION: string;
  JWT_ACCESS_TOKEN_SECRET: string;
  JWT_REFRESH_TOKEN_SECRET: string;
}

export interface User {
  id: string;
  email: string;
}

export async function findOrCreateUser(env: Env, email: string, provider: string): Promise<User> {
  const found = await env.AUTH_DB.prepare("SELECT id, email FROM users WHERE email = ?").bind(email).first<User>();
  if (found) return found;
  const user = { id: crypto.randomUUID(), email };
  await env.AUTH_DB.batch([
    env.AUTH_DB.prepare("INSERT INTO users (id, email, created_at, updated_at) VALUES (?, ?, unixepoch(), unixepoch())")
      .bind(user.id, email),
    env.AUTH_DB.prepare("INSERT INTO user_auth_providers (id, user_id, provider, provider_user_id, created_at) VALUES (?, ?, ?, ?, unixepoch())")
      .bind(crypto.randomUUID(), user.id, provider, email),
  ]);
  return user;
}
