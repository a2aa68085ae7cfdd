// Runs the VS Code extension (editor-support/vscode/extension.js) against a
// stand-in for the `vscode` module: activates it, "saves" .dome files of a
// broken program and checks the diagnostics it publishes from the real
// `domec check`; then fixes the program and checks they are cleared.
// Usage: node vscode-ext.js EXTENSION_DIR DOMEC PROGRAM_DIR
'use strict';
const Module = require('module');
const fs = require('fs');
const path = require('path');
const [extDir, domec, prog] = process.argv.slice(2);

const listeners = { save: [], open: [], format: [] };
const collection = new Map();
class Range { constructor(l1, c1, l2, c2) { Object.assign(this, { l1, c1, l2, c2 }); } }
const vscode = {
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  Range,
  Diagnostic: class { constructor(range, message, severity) { Object.assign(this, { range, message, severity }); } },
  DiagnosticRelatedInformation: class { constructor(location, message) { Object.assign(this, { location, message }); } },
  Location: class { constructor(uri, range) { Object.assign(this, { uri, range }); } },
  Uri: { file: (p) => ({ fsPath: p, scheme: 'file', toString: () => 'file://' + p }) },
  TextEdit: { replace: (range, newText) => ({ range, newText }) },
  languages: {
    createDiagnosticCollection: () => ({
      set: (uri, d) => collection.set(uri.fsPath, d),
      delete: (uri) => collection.delete(uri.fsPath),
      dispose: () => collection.clear(),
    }),
    registerDocumentFormattingEditProvider: (lang, p) => { listeners.format.push([lang, p]); return { dispose() {} }; },
  },
  workspace: {
    getConfiguration: () => ({ get: (k, d) => (k === 'domecPath' ? domec : d) }),
    onDidSaveTextDocument: (cb) => { listeners.save.push(cb); return { dispose() {} }; },
    onDidOpenTextDocument: (cb) => { listeners.open.push(cb); return { dispose() {} }; },
  },
  commands: { registerCommand: () => ({ dispose() {} }) },
  window: { activeTextEditor: undefined, showWarningMessage: (m) => console.log(`# warning: ${m}`) },
};
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};

const report = (ok, name, detail) => {
  console.log(`${ok ? 'ok' : 'not ok'} - vscode extension: ${name}`);
  if (!ok) console.log(`#   ${detail}`);
};
const doc = (file) => ({ languageId: 'dome', uri: vscode.Uri.file(file) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(cond) {
  for (let i = 0; i < 400 && !cond(); i++) await sleep(50);
  return cond();
}

// A document as the formatting provider sees it.
function textDocument(text) {
  return {
    getText: () => text,
    positionAt: (off) => {
      const before = text.slice(0, off).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    },
  };
}

// Format Document: the provider's edit turns a messy file into what
// `domec fmt -` prints; a file with a syntax error gets no edit.
async function checkFormat() {
  const { execFileSync } = require('child_process');
  report(listeners.format.length === 1 && listeners.format[0][0] === 'dome',
    'registers a formatter for dome', JSON.stringify(listeners.format.map((f) => f[0])));
  if (!listeners.format.length) return;
  const provider = listeners.format[0][1];
  const messy = 'worker  api {\n main="index.js"     # entry\n  vars {A=1,B="x"}\n}\n';
  const want = execFileSync(domec, ['fmt', '-'], { input: messy }).toString();
  const edits = await provider.provideDocumentFormattingEdits(textDocument(messy));
  const e = edits[0];
  report(edits.length === 1 && e.newText === want && want !== messy && e.range.l1 === 0 && e.range.l2 === 4,
    'Format Document replaces the text with domec fmt output', JSON.stringify({ edits, want }));
  const broken = await provider.provideDocumentFormattingEdits(textDocument('worker api {\n  main =\n}\n'));
  report(Array.isArray(broken) && broken.length === 0, 'Format Document leaves a file with a syntax error alone',
    JSON.stringify(broken));
}

async function main() {
  const ext = require(path.resolve(extDir, 'extension.js'));
  const subscriptions = [];
  ext.activate({ subscriptions });
  report(listeners.save.length === 1, 'activation registers a save hook', `${listeners.save.length} hooks`);
  const main = path.join(prog, 'main.dome');
  for (const saved of [main, path.join(prog, 'stacks', 'dev.dome')]) {
    collection.clear();
    listeners.save.forEach((cb) => cb(doc(saved)));
    await until(() => collection.has(main));
    const diags = collection.get(main) || [];
    const typo = diags.find((d) => d.range.l1 === 2 && d.range.c1 === 2);
    report(Boolean(typo) && typo.severity === 0 && typo.range.c2 === 20 && /compatibility_date'/.test(typo.message),
      `saving ${path.basename(saved)} shows the typo at 3:3-3:21 with its hint`, JSON.stringify(diags));
    const dup = diags.find((d) => d.relatedInformation && d.relatedInformation.length);
    report(Boolean(dup) && dup.relatedInformation[0].location.range.l1 === 4,
      `saving ${path.basename(saved)} attaches the note to its error`, JSON.stringify(diags));
    report(diags.length === 3, `saving ${path.basename(saved)} shows 3 errors`, `${diags.length}: ${JSON.stringify(diags)}`);
  }
  await checkFormat();
  fs.writeFileSync(main, 'worker api {\n  main = "index.js"\n  compatibility_date = "2025-04-01"\n}\n');
  listeners.save.forEach((cb) => cb(doc(main)));
  await until(() => !collection.has(main));
  report(!collection.has(main), 'fixing the program clears its diagnostics', JSON.stringify(collection.get(main)));
}
main().catch((e) => report(false, 'script', e.stack));
