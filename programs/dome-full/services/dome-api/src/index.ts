// dome-api: the public entry point (on workers.dev). A Hono app that routes
// each request to the service that owns it over service bindings; each
// request runs inside a log context (AsyncLocalStorage, nodejs_als).
import { Hono } from "hono";
import { withRequestLog } from "./log";
import { mountRoutes } from "./routes";
import type { Env } from "./types";

const app = new Hono<{ Bindings: Env }>();
app.use("*", withRequestLog);
mountRoutes(app);

export default app;
