// Runs the VS Code extension's diagnostic parser over domec output files and
// writes FILE.vscode-got beside each: FILE:LINE:COL:TYPE:MESSAGE // HELP...,
// with each note after the diagnostic it belongs to (same format as Vim).
'use strict';
const fs = require('fs');
const path = require('path');
const { parseDiagnostics } = require(path.resolve(process.argv[2], 'diagnostics.js'));

const TYPE = { error: 'E', warning: 'W', note: 'I' };
function line(d) {
  const text = [d.message].concat(d.help).join(' // ');
  return `${d.file}:${d.line}:${d.column}:${TYPE[d.severity]}:${text}`;
}
// The problem matcher of the extension's package.json, as VS Code applies
// it line by line (severity "note" is Info in VS Code).
const pkg = JSON.parse(fs.readFileSync(path.resolve(process.argv[2], 'package.json'), 'utf8'));
const pm = pkg.contributes.problemMatchers.find((m) => m.name === 'domec').pattern;
const pmRe = new RegExp(pm.regexp);
function problemMatcher(text) {
  return String(text).split('\n').map((l) => pmRe.exec(l)).filter(Boolean)
    .map((m) => `${m[pm.file]}:${m[pm.line]}:${m[pm.column]}:${TYPE[m[pm.severity]]}`);
}
for (const file of process.argv.slice(3)) {
  fs.writeFileSync(file + '.pm-got', problemMatcher(fs.readFileSync(file, 'utf8')).join('\n') + '\n');
  const out = [];
  for (const d of parseDiagnostics(fs.readFileSync(file, 'utf8'))) {
    out.push(line(d));
    for (const n of d.notes) out.push(line(n));
  }
  fs.writeFileSync(file + '.vscode-got', out.join('\n') + '\n');
}
