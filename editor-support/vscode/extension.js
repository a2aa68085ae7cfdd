// VS Code extension host script: runs `domec check DIR` when a .dome file is
// saved (or on the "Dome: Check Program" command) and shows the diagnostics;
// formats documents with `domec fmt -`.
'use strict';

const vscode = require('vscode');
const path = require('path');
const { execFile } = require('child_process');
const { parseDiagnostics, programDir } = require('./diagnostics');

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  note: vscode.DiagnosticSeverity.Information
};

function toRange(d) {
  const line = Math.max(d.line - 1, 0);
  return new vscode.Range(line, Math.max(d.column - 1, 0), line, Math.max(d.endColumn - 1, d.column));
}

function toDiagnostic(d, cwd) {
  const help = d.help.length ? '\n' + d.help.map((h) => 'help: ' + h).join('\n') : '';
  const diag = new vscode.Diagnostic(toRange(d), d.message + help, SEVERITY[d.severity]);
  diag.source = 'domec';
  diag.relatedInformation = d.notes.map((n) => new vscode.DiagnosticRelatedInformation(
    new vscode.Location(vscode.Uri.file(path.resolve(cwd, n.file)), toRange(n)), n.message));
  return diag;
}

// Runs domec check on the program directory of `document` and replaces the
// diagnostics previously reported for that directory.
function check(document, collection, owned) {
  if (document.languageId !== 'dome' || document.uri.scheme !== 'file') return;
  const config = vscode.workspace.getConfiguration('dome');
  const dir = programDir(document.uri.fsPath, path);
  const cwd = path.dirname(dir);
  const env = Object.assign({}, process.env, { NO_COLOR: '1' });
  execFile(config.get('domecPath', 'domec'), ['check', path.basename(dir)], { cwd, env },
    (err, stdout, stderr) => {
      if (err && err.code === 'ENOENT') {
        vscode.window.showWarningMessage('dome: cannot run domec; set "dome.domecPath"');
        return;
      }
      for (const uri of owned.get(dir) || []) collection.delete(uri);
      const byFile = new Map();
      for (const d of parseDiagnostics(stderr + '\n' + stdout)) {
        const file = path.resolve(cwd, d.file);
        if (!byFile.has(file)) byFile.set(file, []);
        byFile.get(file).push(toDiagnostic(d, cwd));
      }
      const uris = [];
      for (const [file, diags] of byFile) {
        const uri = vscode.Uri.file(file);
        collection.set(uri, diags);
        uris.push(uri);
      }
      owned.set(dir, uris);
    });
}

// Formats a whole document with `domec fmt -`: resolves to one edit that
// replaces the text, or to no edit when domec reports an error (a syntax
// error is left for the diagnostics to show).
function format(document) {
  const domec = vscode.workspace.getConfiguration('dome').get('domecPath', 'domec');
  return new Promise((resolve) => {
    const child = execFile(domec, ['fmt', '-'], { env: Object.assign({}, process.env, { NO_COLOR: '1' }) },
      (err, stdout) => {
        if (err) { resolve([]); return; }
        const text = document.getText();
        if (stdout === text) { resolve([]); return; }
        const end = document.positionAt(text.length);
        resolve([vscode.TextEdit.replace(new vscode.Range(0, 0, end.line, end.character), stdout)]);
      });
    child.stdin.on('error', () => {}); // domec missing or exited early: err above says so
    child.stdin.end(document.getText());
  });
}

// Called by VS Code when a .dome file is opened; registers the save hook.
function activate(context) {
  const collection = vscode.languages.createDiagnosticCollection('domec');
  const owned = new Map();
  const enabled = () => vscode.workspace.getConfiguration('dome').get('checkOnSave', true);
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidSaveTextDocument((doc) => { if (enabled()) check(doc, collection, owned); }),
    vscode.workspace.onDidOpenTextDocument((doc) => { if (enabled()) check(doc, collection, owned); }),
    vscode.languages.registerDocumentFormattingEditProvider('dome', { provideDocumentFormattingEdits: format }),
    vscode.commands.registerCommand('dome.check', () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) check(editor.document, collection, owned);
    }));
  if (vscode.window.activeTextEditor && enabled()) check(vscode.window.activeTextEditor.document, collection, owned);
}

function deactivate() {}

module.exports = { activate, deactivate };
