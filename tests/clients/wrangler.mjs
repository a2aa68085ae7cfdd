// Runs the pinned wrangler (node_modules/wrangler) against cfemu, and reads
// the requests each step made from cfemu's --log file.
import { execFile } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WRANGLER = fileURLToPath(new URL('./node_modules/wrangler/bin/wrangler.js', import.meta.url));

// wrangler(args, cwd, env) -> {code, out}: out is stdout+stderr, without
// colour codes. The environment (base URL, token, account, cache dir, HOME)
// comes from run.sh; env replaces it when given.
// input, when given, is written to wrangler's stdin (e.g. a secret value).
export function wrangler(args, cwd, env = process.env, input = undefined) {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [WRANGLER, ...args], { cwd, env, timeout: 90000, maxBuffer: 1 << 24 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, out: `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, '') });
      });
    child.stdin.end(input === undefined ? '' : input);
  });
}

// The request log: one JSON object per line; mark() remembers the current
// end, since(mark) returns the requests logged after it.
export function requestLog(file) {
  const read = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  return {
    mark: () => read().length,
    since: (n) => read().slice(n).map((line) => {
      try { return JSON.parse(line); } catch { return { unparsed: line }; }
    }),
  };
}

// "METHOD /path?query" for a log entry, with the /client/v4 prefix dropped.
export function describe(entry) {
  const path = String(entry.path || entry.url || '').replace(/^\/client\/v4/, '');
  const q = entry.query ? (String(entry.query).startsWith('?') ? entry.query : `?${entry.query}`) : '';
  return `${entry.method} ${path}${q === '?' ? '' : q} -> ${entry.status}`;
}
