// Drives `domec lsp` with vscode-languageserver-protocol (the client library
// VS Code's own language client is built on) over the server's stdio, on a
// copy of programs/dome, and prints one "ok - NAME" / "not ok - NAME" line
// per check. What the server reports is compared with what `domec check`
// and `domec fmt` print for the same text on disk.
// Usage: node protocol.js PROGRAM_COPY   Env: DOMEC (the binary), WRAP (valgrind...)
'use strict';

const path = require('path');
const fs = require('fs');
const { spawn, spawnSync } = require('child_process');
const { pathToFileURL } = require('url');
const rpc = require('vscode-languageserver-protocol/node');

const prog = path.resolve(process.argv[2]);
const domec = process.env.DOMEC;
const wrap = (process.env.WRAP || '').split(' ').filter(Boolean);
const uri = (f) => pathToFileURL(path.join(prog, f)).href;
let failures = 0;

function ok(name) { console.log('ok - ' + name); }
function notOk(name, detail) {
  failures++;
  console.log('not ok - ' + name);
  if (detail) console.log(String(detail).split('\n').map((l) => '#   ' + l).join('\n'));
}
function check(name, cond, detail) { if (cond) ok(name); else notOk(name, typeof detail === 'function' ? detail() : detail); }

// Applies LSP text edits (ranges in UTF-16 units, as JS strings count) to text.
function offsetAt(text, pos) {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < pos.line; i++) off += lines[i].length + 1;
  return off + pos.character;
}
function applyEdits(text, edits) {
  const sorted = edits.slice().sort((a, b) => offsetAt(text, b.range.start) - offsetAt(text, a.range.start));
  for (const e of sorted) text = text.slice(0, offsetAt(text, e.range.start)) + e.newText + text.slice(offsetAt(text, e.range.end));
  return text;
}
function positionOf(text, needle, extra = 0) {
  const off = text.indexOf(needle);
  if (off < 0) throw new Error('not found: ' + needle);
  const before = text.slice(0, off + extra).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

// `domec check` on a directory: [{file, line, col, message}] of errors.
function domecCheck(dir, stack) {
  const args = ['check', dir].concat(stack ? ['--stack', stack] : []);
  const r = spawnSync(domec, args, { env: Object.assign({}, process.env, { NO_COLOR: '1', DOME_STACK: '' }), encoding: 'utf8' });
  const out = [];
  for (const line of (r.stderr || '').split('\n')) {
    const m = /^(.+?):(\d+):(\d+): (error|warning): (.*)$/.exec(line);
    if (m) out.push({ file: path.basename(m[1]), line: +m[2], col: +m[3], message: m[5] });
  }
  return out;
}

function copyProgram(to) {
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(prog, to, { recursive: true });
  return to;
}

async function main() {
  const child = spawn(wrap.length ? wrap[0] : domec, wrap.length ? wrap.slice(1).concat([domec, 'lsp']) : ['lsp'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const diags = new Map(); // uri -> latest diagnostics
  const waiters = [];
  conn.onNotification(rpc.PublishDiagnosticsNotification.type, (p) => {
    diags.set(p.uri, p.diagnostics);
    for (const w of waiters.splice(0)) w();
  });
  const messages = [];
  conn.onNotification(rpc.ShowMessageNotification.type, (p) => messages.push(p.message));
  conn.listen();
  // Resolves once the diagnostics of u satisfy pred (or after 10 s).
  const diagsOf = (u, pred) => new Promise((resolve) => {
    const t0 = Date.now();
    const test = () => {
      if (diags.has(u) && pred(diags.get(u))) return resolve(diags.get(u));
      if (Date.now() - t0 > 10000) return resolve(diags.get(u) || null);
      waiters.push(test);
      setTimeout(() => { const i = waiters.indexOf(test); if (i >= 0) { waiters.splice(i, 1); test(); } }, 200);
    };
    test();
  });

  const init = await conn.sendRequest(rpc.InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(prog).href, capabilities: {} });
  const caps = init.capabilities;
  check('initialize: incremental sync and every provider announced',
    caps.textDocumentSync.change === 2 && caps.definitionProvider && caps.referencesProvider && caps.hoverProvider &&
    caps.completionProvider && caps.documentSymbolProvider && caps.documentFormattingProvider && caps.renameProvider &&
    caps.codeActionProvider && caps.foldingRangeProvider && caps.semanticTokensProvider, JSON.stringify(caps));
  conn.sendNotification(rpc.InitializedNotification.type, {});

  // ---- open: every file of the program gets its (empty) diagnostics
  const files = ['main.dome', 'queues.dome', 'storage.dome', 'workers.dome'];
  const texts = {};
  for (const f of files) texts[f] = fs.readFileSync(path.join(prog, f), 'utf8');
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), languageId: 'dome', version: 1, text: texts['workers.dome'] } });
  await diagsOf(uri('workers.dome'), () => true);
  const all = await Promise.all(files.map((f) => diagsOf(uri(f), () => true)));
  check('open: diagnostics published for every file of the program, all empty', all.every((d) => d && d.length === 0), JSON.stringify(all));

  // ---- incremental change: a typo in an unsaved buffer, same message as domec check
  const typoAt = positionOf(texts['workers.dome'], 'database.meta', 'database.'.length);
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 2 },
    contentChanges: [{ range: { start: typoAt, end: { line: typoAt.line, character: typoAt.character + 1 } }, text: 'x' }] });
  const typo = await diagsOf(uri('workers.dome'), (d) => d.length > 0);
  const edited = texts['workers.dome'].replace('database.meta', 'database.xeta');
  const disk = copyProgram(path.join(path.dirname(prog), 'typo'));
  fs.writeFileSync(path.join(disk, 'workers.dome'), edited);
  const cli = domecCheck(disk);
  const lspView = (typo || []).map((d) => ({ file: 'workers.dome', line: d.range.start.line + 1, col: d.range.start.character + 1, message: d.message.split('\n')[0] }));
  check('change (incremental): the unsaved buffer is checked, with the messages and places of domec check',
    cli.length > 0 && JSON.stringify(lspView) === JSON.stringify(cli), () => 'lsp: ' + JSON.stringify(lspView) + '\ncli: ' + JSON.stringify(cli));
  check('change: the help line (did you mean) is part of the message', typo && /help: did you mean 'database\.meta'\?/.test(typo[0].message), JSON.stringify(typo));
  check('change: the file on disk is untouched', fs.readFileSync(path.join(prog, 'workers.dome'), 'utf8') === texts['workers.dome']);

  // ---- code action: the did-you-mean fix
  const actions = await conn.sendRequest(rpc.CodeActionRequest.type, { textDocument: { uri: uri('workers.dome') }, range: typo[0].range, context: { diagnostics: typo } });
  const fixEdits = actions && actions[0] && actions[0].edit.changes[uri('workers.dome')];
  check('code action: a quick fix that applies the did-you-mean suggestion',
    fixEdits && applyEdits(edited, fixEdits) === texts['workers.dome'], JSON.stringify(actions));

  // ---- full-text change back: diagnostics cleared
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 3 }, contentChanges: [{ text: texts['workers.dome'] }] });
  const clean = await diagsOf(uri('workers.dome'), (d) => d.length === 0);
  check('change (full): fixing the buffer clears the diagnostics', clean && clean.length === 0, JSON.stringify(clean));

  // ---- related information: a duplicate label in another file points at the first
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('queues.dome'), languageId: 'dome', version: 1, text: texts['queues.dome'] + '\nqueue events {}\n' } });
  const dup = await diagsOf(uri('queues.dome'), (d) => d.length > 0);
  const rel = dup && dup[0] && dup[0].relatedInformation;
  check('diagnostics: notes become related information with their own place', rel && rel.length > 0 && rel[0].location.uri === uri('queues.dome') && rel[0].location.range.start.line === 2,
    JSON.stringify(dup));
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('queues.dome'), version: 2 }, contentChanges: [{ text: texts['queues.dome'] }] });
  await diagsOf(uri('queues.dome'), (d) => d.length === 0);

  // ---- a stack file is checked as that stack
  const prodPath = path.join(prog, 'stacks', 'prod.dome');
  const prodText = fs.readFileSync(prodPath, 'utf8');
  const prodBad = prodText.replace('log_level = "info"', 'log_level = 5');
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('stacks/prod.dome'), languageId: 'dome', version: 1, text: prodBad } });
  const sd = await diagsOf(uri('stacks/prod.dome'), (d) => d.length > 0);
  const sdisk = copyProgram(path.join(path.dirname(prog), 'stackbad'));
  fs.writeFileSync(path.join(sdisk, 'stacks', 'prod.dome'), prodBad);
  const scli = domecCheck(sdisk, 'prod').filter((d) => d.file === 'prod.dome');
  const sview = (sd || []).map((d) => ({ file: 'prod.dome', line: d.range.start.line + 1, col: d.range.start.character + 1, message: d.message.split('\n')[0] }));
  check('stack file: checked as that stack, as domec check --stack prints it', scli.length > 0 && JSON.stringify(sview) === JSON.stringify(scli),
    () => 'lsp: ' + JSON.stringify(sview) + '\ncli: ' + JSON.stringify(scli));
  conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri: uri('stacks/prod.dome') } });

  // ---- definition
  const w = texts['workers.dome'];
  const defMeta = await conn.sendRequest(rpc.DefinitionRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'database.meta', 10) });
  const storageMeta = positionOf(texts['storage.dome'], 'database meta', 9);
  check('definition: database.meta jumps to its block in storage.dome', defMeta && defMeta.uri === uri('storage.dome') &&
    defMeta.range.start.line === storageMeta.line && defMeta.range.start.character === storageMeta.character, JSON.stringify(defMeta));
  const defCfg = await conn.sendRequest(rpc.DefinitionRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'config.log_level', 8) });
  check('definition: config.log_level jumps to its declaration', defCfg && defCfg.uri === uri('main.dome') &&
    defCfg.range.start.line === positionOf(texts['main.dome'], 'config log_level').line, JSON.stringify(defCfg));
  const defDlq = await conn.sendRequest(rpc.DefinitionRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'queue.events_dlq', 7) });
  check('definition: a dead_letter target jumps to its queue', defDlq && defDlq.uri === uri('queues.dome') &&
    defDlq.range.start.line === positionOf(texts['queues.dome'], 'queue events_dlq').line, JSON.stringify(defDlq));

  // ---- references
  const refs = await conn.sendRequest(rpc.ReferencesRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'queue.events\n', 7), context: { includeDeclaration: true } });
  const code = (t) => t.replace(/#.*$/gm, ''); // comments are not references
  const expectRefs = files.reduce((n, f) => n + (code(texts[f]).match(/queue\.events\b(?!_)/g) || []).length, 0) + 1;
  check('references: queue.events in every file, declaration included (' + expectRefs + ')', refs && refs.length === expectRefs, JSON.stringify(refs));
  const cfgRefs = await conn.sendRequest(rpc.ReferencesRequest.type, { textDocument: { uri: uri('main.dome') }, position: positionOf(texts['main.dome'], 'log_level'), context: { includeDeclaration: false } });
  const stackUris = (cfgRefs || []).map((r) => r.uri).filter((u) => u.includes('/stacks/'));
  check('references: a config key is found in program and stack files', stackUris.length === 3 && cfgRefs.length === 3 + (w.match(/config\.log_level/g) || []).length, JSON.stringify(cfgRefs));

  // ---- rename, with the state-address hint for a deployed resource
  fs.mkdirSync(path.join(prog, '.dome'), { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(prog, '.dome', 'prod.json'), JSON.stringify({ version: 1, stack: 'prod', serial: 1, outputs: {},
    resources: { 'queue.events': { kind: 'queue', label: 'events', name: 'dome-events-prod', id: 'q1', attrs: {}, deps: [], protect: false } } }), { mode: 0o600 });
  const ren = await conn.sendRequest(rpc.RenameRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'queue.events\n', 7), newName: 'incoming' });
  const rdisk = copyProgram(path.join(path.dirname(prog), 'renamed'));
  let edits = 0;
  for (const [u, es] of Object.entries((ren && ren.changes) || {})) {
    const f = path.relative(prog, new URL(u).pathname);
    const before = f === 'workers.dome' ? w : texts[f];
    fs.writeFileSync(path.join(rdisk, f), applyEdits(before, es));
    edits += es.length;
  }
  fs.rmSync(path.join(rdisk, '.dome'), { recursive: true, force: true });
  const rcheck = domecCheck(rdisk);
  check('rename: queue.events -> incoming edits every reference and the program still checks',
    edits === expectRefs && rcheck.length === 0 && /queue incoming/.test(fs.readFileSync(path.join(rdisk, 'queues.dome'), 'utf8')), JSON.stringify(ren) + JSON.stringify(rcheck));
  await new Promise((r) => setTimeout(r, 100));
  check('rename: a deployed resource gets the domec state mv hint', messages.some((m) => m.includes('domec state mv queue.events queue.incoming --stack prod')), JSON.stringify(messages));
  const badRen = await conn.sendRequest(rpc.RenameRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'queue.events\n', 7), newName: 'no good' }).then((r) => r, (e) => e);
  check('rename: a name that is not a label is refused (invalid params, with why)', badRen && badRen.code === -32602 && /letters, digits/.test(badRen.message), JSON.stringify(badRen));

  // ---- hover
  const hv = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(w, 'database.meta', 10) });
  const hvText = hv && hv.contents.value;
  check('hover: a resource shows its kind, physical name per stack and who binds it',
    /\*\*database\*\* `meta`/.test(hvText) && /prod: `dome-meta-prod`/.test(hvText) && /staging: `dome-meta-staging`/.test(hvText) && /worker\.silo as `DB`/.test(hvText), hvText);
  conn.sendNotification(rpc.DidOpenTextDocumentNotification.type, { textDocument: { uri: uri('storage.dome'), languageId: 'dome', version: 1, text: texts['storage.dome'] } });
  const ha = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: uri('storage.dome') }, position: positionOf(texts['storage.dome'], 'location', 2) });
  const haText = ha && ha.contents.value;
  check('hover: an attribute shows type, allowed values, doc and that it replaces', /\*\*database\.location\*\*: enum/.test(haText) &&
    /`"wnam"`/.test(haText) && /replaces/.test(haText) && /Location hint/.test(haText), haText);
  const hs = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: uri('storage.dome') }, position: positionOf(texts['storage.dome'], 'storage_class', 2) });
  check('hover: an attribute default and an in-place update', hs && /default: `"Standard"`/.test(hs.contents.value) && /updates the resource in place/.test(hs.contents.value), hs && hs.contents.value);

  // ---- completion
  const labels = (items) => (Array.isArray(items) ? items : (items && items.items) || []).map((i) => i.label);
  const cw = w.replace('EVENTS    = queue.events\n', 'EVENTS    = queue.\n');
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 4 }, contentChanges: [{ text: cw }] });
  const c1 = labels(await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(cw, 'queue.\n', 6) }));
  check('completion: after queue. the queue labels', c1.includes('events') && c1.includes('events_dlq') && !c1.includes('meta'), JSON.stringify(c1));
  const st = texts['storage.dome'].replace('location = "wnam"', 'location = ');
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('storage.dome'), version: 2 }, contentChanges: [{ text: st }] });
  const c2 = labels(await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri('storage.dome') }, position: positionOf(st, 'location = ', 11) }));
  check('completion: an enum attribute offers its values', c2.includes('"wnam"') && c2.includes('"apac"'), JSON.stringify(c2));
  const st2 = texts['storage.dome'].replace('location = "wnam"', 'loc');
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('storage.dome'), version: 3 }, contentChanges: [{ text: st2 }] });
  const c3 = labels(await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri('storage.dome') }, position: positionOf(st2, 'loc', 3) }));
  check('completion: inside a resource, the attributes of its kind', c3.includes('location') && c3.includes('read_replication') && !c3.includes('storage_class'), JSON.stringify(c3));
  const st3 = st2 + '\n';
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('storage.dome'), version: 4 }, contentChanges: [{ text: st3 }] });
  const top = await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri('storage.dome') }, position: { line: st3.split('\n').length - 1, character: 0 } });
  const snip = (top || []).find((i) => i.label === 'index');
  check('completion: at top level, kinds as snippets with their required attributes', snip && snip.insertTextFormat === 2 && /dimensions = \$\{2\}/.test(snip.insertText) &&
    labels(top).includes('config'), JSON.stringify(top));
  const cc = w.replace('LOG_LEVEL = config.log_level }', 'LOG_LEVEL = config. }');
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 5 }, contentChanges: [{ text: cc }] });
  const c4 = labels(await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(cc, 'config. }', 7) }));
  check('completion: after config. the config keys', c4.includes('log_level') && c4.includes('api_key'), JSON.stringify(c4));
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 6 }, contentChanges: [{ text: w }] });
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('storage.dome'), version: 5 }, contentChanges: [{ text: texts['storage.dome'] }] });

  // ---- document symbols, folding, semantic tokens
  const syms = await conn.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri: uri('workers.dome') } });
  const names = (syms || []).map((s) => s.name);
  check('document symbols: the outline lists each worker with its blocks, then the outputs', JSON.stringify(names) === JSON.stringify(['worker silo', 'worker constellation', 'worker api', 'api_name', 'events_queue']) &&
    syms[0].children.some((c) => c.name === 'bindings') && syms[0].children.some((c) => c.name === 'consumes queue.events'), JSON.stringify(names));
  const folds = await conn.sendRequest(rpc.FoldingRangeRequest.type, { textDocument: { uri: uri('workers.dome') } });
  check('folding: every multi-line block folds', folds && folds.length >= 8 && folds.some((f) => f.startLine === 2), JSON.stringify(folds));
  const toks = await conn.sendRequest(rpc.SemanticTokensRequest.type, { textDocument: { uri: uri('workers.dome') } });
  const legend = caps.semanticTokensProvider.legend.tokenTypes;
  let line = 0, ch = 0; const decoded = [];
  for (let i = 0; toks && i < toks.data.length; i += 5) {
    line += toks.data[i]; ch = toks.data[i] === 0 ? ch + toks.data[i + 1] : toks.data[i + 1];
    decoded.push({ line, ch, text: w.split('\n')[line].substr(ch, toks.data[i + 2]), type: legend[toks.data[i + 3]] });
  }
  check('semantic tokens: kinds, labels, attributes and comments', decoded.some((t) => t.text === 'worker' && t.type === 'keyword') &&
    decoded.some((t) => t.text === 'database' && t.type === 'type') && decoded.some((t) => t.text === 'meta' && t.type === 'variable') &&
    decoded.some((t) => t.text === 'main' && t.type === 'property') && decoded.some((t) => t.type === 'comment'), JSON.stringify(decoded.slice(0, 20)));

  // ---- formatting: the same text as domec fmt
  const ugly = 'queue   events {}\nqueue events_dlq {\nmessage_retention_period=1209600   # keep\n}\n';
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('queues.dome'), version: 3 }, contentChanges: [{ text: ugly }] });
  const fe = await conn.sendRequest(rpc.DocumentFormattingRequest.type, { textDocument: { uri: uri('queues.dome') }, options: { tabSize: 2, insertSpaces: true } });
  const fmt = spawnSync(domec, ['fmt', '-'], { input: ugly, encoding: 'utf8' }).stdout;
  check('formatting: one edit giving what domec fmt prints', fe && fe.length === 1 && applyEdits(ugly, fe) === fmt && fmt !== ugly, JSON.stringify(fe));
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('queues.dome'), version: 4 }, contentChanges: [{ text: texts['queues.dome'] }] });

  // ---- robustness: half-typed program, a file deleted under it, bad requests
  const half = w + '\nworker half {\n  main = "x.js"\n  bindings { DB = database.';
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 7 }, contentChanges: [{ text: half }] });
  const hd = await diagsOf(uri('workers.dome'), (d) => d.length > 0);
  const hc = labels(await conn.sendRequest(rpc.CompletionRequest.type, { textDocument: { uri: uri('workers.dome') }, position: positionOf(half, 'DB = database.', 14) }));
  check('half-typed program: syntax errors reported, completion still offers database labels', hd && hd.length > 0 && hc.includes('meta'), JSON.stringify(hd) + JSON.stringify(hc));
  fs.rmSync(path.join(prog, 'storage.dome'));
  conn.sendNotification(rpc.DidChangeTextDocumentNotification.type, { textDocument: { uri: uri('workers.dome'), version: 8 }, contentChanges: [{ text: w }] });
  conn.sendNotification(rpc.DidChangedWatchedFilesNotification ? rpc.DidChangeWatchedFilesNotification.type : 'workspace/didChangeWatchedFiles', { changes: [{ uri: uri('storage.dome'), type: 3 }] });
  conn.sendNotification(rpc.DidCloseTextDocumentNotification.type, { textDocument: { uri: uri('storage.dome') } });
  const gone = await diagsOf(uri('workers.dome'), (d) => d.some((x) => /database/.test(x.message)));
  check('a file deleted under the server: its resources become unknown references', gone && gone.some((x) => /no database called 'meta'/.test(x.message)), JSON.stringify(gone));
  const unknown = await conn.sendRequest('dome/noSuchMethod', {}).then((r) => ({ r }), (e) => e);
  check('unknown method: error -32601, server goes on', unknown.code === -32601, JSON.stringify(unknown));
  const noParams = await conn.sendRequest('textDocument/hover', {}).then((r) => ({ r }), (e) => e);
  check('request without textDocument: error -32602', noParams.code === -32602, JSON.stringify(noParams));
  const notOpen = await conn.sendRequest(rpc.HoverRequest.type, { textDocument: { uri: 'file:///nonexistent/x.dome' }, position: { line: 0, character: 0 } });
  check('hover in a file that does not exist: null, no crash', notOpen === null, JSON.stringify(notOpen));

  // ---- shutdown and exit
  await conn.sendRequest(rpc.ShutdownRequest.type);
  conn.sendNotification(rpc.ExitNotification.type);
  const status = await exited;
  check('shutdown then exit: the server exits 0', status === 0, 'exit ' + status);
  conn.dispose();
}

main().then(() => process.exit(0) /* failures are "not ok" lines */, (e) => { notOk('protocol run', e.stack); process.exit(1); });
