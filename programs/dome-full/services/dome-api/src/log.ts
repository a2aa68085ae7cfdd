// A request-scoped logger: the request id follows every await.
import { AsyncLocalStorage } from "node:async_hooks";
import type { MiddlewareHandler } from "hono";

const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function log(message: string, fields: Record<string, unknown> = {}): void {
  const requestId = requestContext.getStore()?.requestId;
  console.log(JSON.stringify({ service: "dome-api", requestId, message, ...fields }));
}

export const withRequestLog: MiddlewareHandler = (c, next) =>
  requestContext.run({ requestId: c.req.header("cf-ray") ?? crypto.randomUUID() }, next);
