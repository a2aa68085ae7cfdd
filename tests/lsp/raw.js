// Feeds `domec lsp` bytes no client library would send: a body that is not
// JSON, JSON that is not a request, a header without Content-Length, a
// length past the end of input, requests before initialize, and checks
// each gets the JSON-RPC error the protocol names while the server keeps
// answering. Prints "ok - NAME" / "not ok - NAME" lines.
// Env: DOMEC (the binary), WRAP (valgrind...).
'use strict';

const { spawn } = require('child_process');

const domec = process.env.DOMEC;
const wrap = (process.env.WRAP || '').split(' ').filter(Boolean);
let failures = 0;
const ok = (n) => console.log('ok - ' + n);
const notOk = (n, d) => { failures++; console.log('not ok - ' + n + (d ? '\n#   ' + d : '')); };
const check = (n, c, d) => (c ? ok(n) : notOk(n, d));

const frame = (body) => 'Content-Length: ' + Buffer.byteLength(body) + '\r\n\r\n' + body;
const msg = (o) => frame(JSON.stringify(Object.assign({ jsonrpc: '2.0' }, o)));

// Runs the server on input; resolves to its parsed messages and exit code.
function run(input) {
  return new Promise((resolve) => {
    const child = spawn(wrap.length ? wrap[0] : domec, wrap.length ? wrap.slice(1).concat([domec, 'lsp']) : ['lsp'],
      { stdio: ['pipe', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      let buf = Buffer.concat(chunks);
      const out = [];
      for (;;) {
        const h = buf.indexOf('\r\n\r\n');
        if (h < 0) break;
        const n = +/Content-Length: (\d+)/.exec(buf.slice(0, h).toString())[1];
        out.push(JSON.parse(buf.slice(h + 4, h + 4 + n).toString()));
        buf = buf.slice(h + 4 + n);
      }
      resolve({ out, code, signal });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

async function main() {
  const init = msg({ id: 1, method: 'initialize', params: { capabilities: {} } });
  const shutdown = msg({ id: 99, method: 'shutdown' }) + msg({ method: 'exit' });

  let r = await run(msg({ id: 5, method: 'textDocument/hover', params: {} }) + init + shutdown);
  check('a request before initialize: error -32002', r.out[0] && r.out[0].id === 5 && r.out[0].error.code === -32002, JSON.stringify(r.out));

  r = await run(init + frame('{"jsonrpc": "2.0", "id": 2, "method": ') + msg({ id: 3, method: 'shutdown' }) + msg({ method: 'exit' }));
  const parseErr = r.out.find((m) => m.error && m.error.code === -32700);
  check('a body that is not JSON: parse error -32700 with id null, next request answered',
    parseErr && parseErr.id === null && r.out.some((m) => m.id === 3 && 'result' in m) && r.code === 0, JSON.stringify(r));

  r = await run(init + frame('[1,2,3]') + frame('{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}') + frame('{"jsonrpc":"2.0","id":4,"method":17}') + shutdown);
  const invalid = r.out.filter((m) => m.error && m.error.code === -32600);
  check('JSON that is not a request (array, object id, numeric method): -32600 each', invalid.length === 3 && r.code === 0, JSON.stringify(r.out));

  r = await run(init + 'X-Header: 1\r\n\r\n' + msg({ id: 6, method: 'shutdown' }) + msg({ method: 'exit' }));
  check('a header without Content-Length: an error, and the server reads on', r.out.some((m) => m.error && m.error.code === -32700) && r.out.some((m) => m.id === 6) && r.code === 0, JSON.stringify(r));

  r = await run(init + msg({ id: 10, method: 'shutdown' }) + msg({ id: 11, method: 'textDocument/hover', params: {} }) + msg({ method: 'exit' }));
  check('a request after shutdown: invalid request, then exit 0', r.out.some((m) => m.id === 11 && m.error && m.error.code === -32600) && r.code === 0, JSON.stringify(r.out));

  r = await run(init + 'Content-Length: 99999\r\n\r\n{"jsonrpc"');
  check('input ends inside a body: the server exits 1 (no shutdown), no crash', r.code === 1 && !r.signal, JSON.stringify(r));

  r = await run(init + msg({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///tmp/%00x.dome', text: 'worker {' } } }) +
    msg({ method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///nowhere/a.dome', version: 2 }, contentChanges: [{ range: { start: { line: -1 } }, text: 5 }] } }) +
    msg({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///nowhere/a.dome', version: 1, text: 'queue q {}\n' } } }) +
    msg({ method: 'textDocument/didChange', params: { textDocument: { uri: 'file:///nowhere/a.dome', version: 2 }, contentChanges: [{ range: { start: { line: 99, character: 99 }, end: { line: 0, character: 0 } }, text: 'worker w {' }] } }) +
    msg({ id: 7, method: 'textDocument/completion', params: { textDocument: { uri: 'file:///nowhere/a.dome' }, position: { line: 1e12, character: -5 } } }) +
    msg({ id: 8, method: 'textDocument/definition', params: { textDocument: { uri: 'http://example.com/a.dome' }, position: { line: 0, character: 0 } } }) +
    shutdown);
  check('bad URIs, bad ranges and positions: answered (null or empty), exit 0', r.out.some((m) => m.id === 7) && r.out.some((m) => m.id === 8 && m.result === null) && r.code === 0, JSON.stringify(r));

  const huge = 'queue q' + 'x'.repeat(200000) + ' {}\n' + 'worker w { main = "a.js" bindings { Q = queue.q } }\n'.repeat(2000);
  r = await run(init + msg({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///nowhere/big.dome', version: 1, text: huge } } }) + shutdown);
  const pub = r.out.find((m) => m.method === 'textDocument/publishDiagnostics');
  check('a large half-wrong file: diagnostics capped as in domec check, exit 0', pub && pub.params.diagnostics.length > 0 && pub.params.diagnostics.length <= 50 && r.code === 0, JSON.stringify(r.out).slice(0, 400));
}

main().then(() => process.exit(0) /* failures are "not ok" lines */, (e) => { notOk('raw run', e.stack); process.exit(1); });
