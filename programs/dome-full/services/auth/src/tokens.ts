// HS256 access tokens signed with JWT_ACCESS_TOKEN_SECRET (Web Crypto).
import type { Env } from "./users";

const ACCESS_TOKEN_SECONDS = 15 * 60;
const b64url = (bytes: ArrayBuffer | Uint8Array) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function hmac(secret: string, data: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return b64url(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)));
}

export async function issueToken(env: Env, userId: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(new TextEncoder().encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const body = b64url(new TextEncoder().encode(JSON.stringify({
    sub: userId, iat: now, exp: now + ACCESS_TOKEN_SECONDS, jti: crypto.randomUUID(),
  })));
  return `${header}.${body}.${await hmac(env.JWT_ACCESS_TOKEN_SECRET, `${header}.${body}`)}`;
}

export async function verifyToken(env: Env, token: string): Promise<{ sub: string; exp: number } | null> {
  const [header, body, signature] = token.split(".");
  if (!signature || signature !== (await hmac(env.JWT_ACCESS_TOKEN_SECRET, `${header}.${body}`))) return null;
  const claims = JSON.parse(atob(body.replace(/-/g, "+").replace(/_/g, "/")));
  if (claims.exp < Date.now() / 1000) return null;
  if (await env.AUTH_TOKENS.get(`revoked:${claims.jti}`)) return null;
  return claims;
}

export async function revokeToken(env: Env, token: string): Promise<void> {
  const claims = await verifyToken(env, token);
  if (!claims) return;
  const { jti, exp } = claims as { jti?: string; exp: number };
  await env.AUTH_DB.prepare("INSERT OR IGNORE INTO token_blacklist (token_id, expires_at) VALUES (?, ?)")
    .bind(jti, exp).run();
  await env.AUTH_TOKENS.put(`revoked:${jti}`, "1", { expiration: exp });
}
