// Runs the VS Code extension (editor-support/vscode/extension.js) against a
// stand-in for the `vscode` module and for vscode-languageclient's
// LanguageClient (which needs a running VS Code): activates it and checks
// the client it creates: started, for dome files, with the server
// `domec lsp` from dome.domecPath. Then starts that server exactly as the
// client would (command, args, stdio) and checks what the editor would
// show for a broken program: the diagnostics of `domec check` with their
// hints and notes, Format Document as `domec fmt -`, and cleared
// diagnostics once the program is fixed.
// Usage: node vscode-ext.js EXTENSION_DIR DOMEC PROGRAM_DIR
'use strict';
const Module = require('module');
const fs = require('fs');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const [extDir, domec, prog] = process.argv.slice(2);

const clients = [];
const commands = [];
class LanguageClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, started: false });
    clients.push(this);
  }
  start() { this.started = true; return Promise.resolve(); }
  stop() { return Promise.resolve(); }
  restart() { return Promise.resolve(); }
}
const vscode = {
  workspace: {
    getConfiguration: () => ({ get: (k, d) => (k === 'domecPath' ? domec : d) }),
    createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
  },
  commands: { registerCommand: (c) => { commands.push(c); return { dispose() {} }; } },
  window: { showWarningMessage: (m) => console.log(`# warning: ${m}`) },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'vscode') return vscode;
  if (request === 'vscode-languageclient/node') return { LanguageClient, TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 } };
  return load.call(this, request, ...rest);
};

const report = (ok, name, detail) => {
  console.log(`${ok ? 'ok' : 'not ok'} - vscode extension: ${name}`);
  if (!ok) console.log(`#   ${detail}`);
};

// The server as the client starts it, spoken to over its stdio.
function startServer(opts) {
  const child = spawn(opts.command, opts.args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let buf = Buffer.alloc(0);
  const seen = [];
  const waiting = [];
  child.stdout.on('data', (c) => {
    buf = Buffer.concat([buf, c]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) break;
      const n = +/Content-Length: (\d+)/.exec(buf.slice(0, h).toString())[1];
      if (buf.length < h + 4 + n) break;
      seen.push(JSON.parse(buf.slice(h + 4, h + 4 + n).toString()));
      buf = buf.slice(h + 4 + n);
      waiting.splice(0).forEach((w) => w());
    }
  });
  const send = (o) => { const b = JSON.stringify(Object.assign({ jsonrpc: '2.0' }, o)); child.stdin.write(`Content-Length: ${Buffer.byteLength(b)}\r\n\r\n${b}`); };
  // next(pred): the first message (from now on) that satisfies pred
  const next = (pred) => new Promise((resolve) => {
    const from = seen.length;
    const t = setTimeout(() => resolve(null), 10000);
    const test = () => {
      const m = seen.slice(from).find(pred);
      if (m) { clearTimeout(t); resolve(m); } else waiting.push(test);
    };
    test();
  });
  return { child, send, next };
}

async function main() {
  const ext = require(path.resolve(extDir, 'extension.js'));
  await ext.activate({ subscriptions: [] });
  const c = clients[0];
  report(clients.length === 1 && c.started, 'activation starts one language client', `${clients.length} clients`);
  if (!c) return;
  report(c.serverOptions.command === domec && JSON.stringify(c.serverOptions.args) === '["lsp"]' && c.serverOptions.transport === 0,
    'the server is `domec lsp` (dome.domecPath) over stdio', JSON.stringify(c.serverOptions));
  report(c.clientOptions.documentSelector.some((s) => s.language === 'dome' && s.scheme === 'file') &&
    c.clientOptions.synchronize.fileEvents.glob === '**/*.dome', 'for .dome files, watching *.dome on disk', JSON.stringify(c.clientOptions));

  const srv = startServer(c.serverOptions);
  srv.send({ id: 1, method: 'initialize', params: { capabilities: {} } });
  const init = await srv.next((m) => m.id === 1);
  report(init && init.result.capabilities.documentFormattingProvider && init.result.capabilities.textDocumentSync.change === 2,
    'the server answers initialize with formatting and incremental sync', JSON.stringify(init));
  srv.send({ method: 'initialized', params: {} });
  const main = path.join(prog, 'main.dome');
  const uri = 'file://' + main;
  srv.send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'dome', version: 1, text: fs.readFileSync(main, 'utf8') } } });
  const pub = await srv.next((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri);
  const diags = pub ? pub.params.diagnostics : [];
  const typo = diags.find((d) => d.range.start.line === 2 && d.range.start.character === 2);
  report(Boolean(typo) && typo.severity === 1 && typo.range.end.character === 20 && /compatibility_date'/.test(typo.message),
    'opening main.dome shows the typo at 3:3-3:21 with its hint', JSON.stringify(diags));
  const dup = diags.find((d) => d.relatedInformation && d.relatedInformation.length);
  report(Boolean(dup) && dup.relatedInformation[0].location.range.start.line === 4, 'the note is attached to its error', JSON.stringify(diags));
  report(diags.length === 3, 'opening main.dome shows 3 errors', `${diags.length}: ${JSON.stringify(diags)}`);

  // Format Document: the server's edit gives what `domec fmt -` prints
  const messy = 'worker  api {\n main="index.js"     # entry\n  vars {A=1,B="x"}\n}\n';
  const want = execFileSync(domec, ['fmt', '-'], { input: messy }).toString();
  srv.send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 }, contentChanges: [{ text: messy }] } });
  srv.send({ id: 2, method: 'textDocument/formatting', params: { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } } });
  const fmt = await srv.next((m) => m.id === 2);
  const e = fmt && fmt.result && fmt.result[0];
  report(fmt && fmt.result.length === 1 && e.newText === want && want !== messy && e.range.start.line === 0 && e.range.end.line === 4,
    'Format Document replaces the text with domec fmt output', JSON.stringify({ fmt, want }));
  srv.send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'worker api {\n  main =\n}\n' }] } });
  srv.send({ id: 3, method: 'textDocument/formatting', params: { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } } });
  const broken = await srv.next((m) => m.id === 3);
  report(broken && Array.isArray(broken.result) && broken.result.length === 0, 'Format Document leaves a file with a syntax error alone', JSON.stringify(broken));

  const fixed = 'worker api {\n  main = "index.js"\n  compatibility_date = "2025-04-01"\n}\n';
  srv.send({ method: 'textDocument/didChange', params: { textDocument: { uri, version: 4 }, contentChanges: [{ text: fixed }] } });
  const clean = await srv.next((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 4);
  report(clean && clean.params.diagnostics.length === 0, 'fixing the program clears its diagnostics', JSON.stringify(clean));
  srv.send({ id: 4, method: 'shutdown' });
  srv.send({ method: 'exit' });
  const code = await new Promise((r) => srv.child.on('exit', r));
  report(code === 0, 'the server exits 0 when the client stops it', `exit ${code}`);
}
main().catch((e) => report(false, 'script', e.stack));
