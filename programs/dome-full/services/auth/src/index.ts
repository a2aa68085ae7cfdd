// auth: issues and checks the access tokens every other service trusts.
// Users live in AUTH_DB; revoked tokens in its token_blacklist table, with
// AUTH_TOKENS (KV) as the fast path for "is this token revoked?".
import { findOrCreateUser, type Env } from "./users";
import { issueToken, revokeToken, verifyToken } from "./tokens";

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "POST" && url.pathname === "/auth/login") {
      const { email, provider } = await request.json<{ email: string; provider: string }>();
      const user = await findOrCreateUser(env, email, provider);
      return Response.json({ token: await issueToken(env, user.id), user });
    }
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (url.pathname === "/auth/validate") {
      const claims = await verifyToken(env, token);
      return claims ? Response.json(claims) : new Response("invalid token", { status: 401 });
    }
    if (request.method === "POST" && url.pathname === "/auth/logout") {
      await revokeToken(env, token);
      return new Response(null, { status: 204 });
    }
    return new Response("not found", { status: 404 });
  },
};
