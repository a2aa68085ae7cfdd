// The bindings dome-api's worker block declares (workers.dome).
export interface Env {
  AI: Ai;
  SILO_INGEST_QUEUE: Queue<{ userId: string; url: string; source: string }>;
  CONSTELLATION: Fetcher;
  TSUNAMI: Fetcher;
  SILO: Fetcher;
  TODOS: Fetcher;
  CHAT: Fetcher;
  AI_PROCESSOR: Fetcher;
  AUTH: Fetcher;
  VERSION: string;
  LOG_LEVEL: string;
  ENVIRONMENT?: string;
  NOTION_CLIENT_ID: string;
  NOTION_CLIENT_SECRET: string;
  NOTION_REDIRECT_URI: string;
}
