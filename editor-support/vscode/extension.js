// VS Code extension host script: starts `domec lsp` (the language server in
// the domec binary) through vscode-languageclient for .dome files. The
// server gives diagnostics as you type for every file of the program,
// definition, references, rename, hover, completion, outline, formatting,
// quick fixes and semantic tokens; the TextMate grammar (syntaxes/) still
// colours the text.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// serverOptions: how to run the server, from the dome.domecPath setting.
function serverOptions() {
  const domec = vscode.workspace.getConfiguration('dome').get('domecPath', 'domec');
  return { command: domec, args: ['lsp'], transport: TransportKind.stdio };
}

// Called by VS Code when a .dome file is opened: starts the client.
function activate(context) {
  client = new LanguageClient('dome', 'Dome (domec lsp)', serverOptions(), {
    documentSelector: [{ scheme: 'file', language: 'dome' }],
    // files changed outside the editor (git checkout, domec fmt) re-check the program
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.dome') },
  });
  context.subscriptions.push(
    vscode.commands.registerCommand('dome.restartServer', () => client.restart()));
  return client.start().catch((err) => {
    vscode.window.showWarningMessage('dome: cannot start `domec lsp` (' + err.message + '); set "dome.domecPath"');
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions };
