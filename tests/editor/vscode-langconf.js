// Checks editor-support/vscode/language-configuration.json: comment token,
// bracket pairs, and the indentation rules on lines with brackets in code,
// in strings and in comments. Usage: node vscode-langconf.js VSCODE_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const conf = JSON.parse(fs.readFileSync(path.join(process.argv[2], 'language-configuration.json'), 'utf8'));
const report = (ok, name, detail) => {
  console.log(`${ok ? 'ok' : 'not ok'} - vscode language configuration: ${name}`);
  if (!ok) console.log(`#   ${detail}`);
};
report(conf.comments && conf.comments.lineComment === '#', 'line comments are #', JSON.stringify(conf.comments));
const pairs = JSON.stringify(conf.brackets);
report(['{}', '[]', '()'].every((p) => pairs.includes(`["${p[0]}","${p[1]}"]`)), 'brackets {} [] ()', pairs);
const closes = conf.autoClosingPairs.map((p) => p.open + p.close);
report(['{}', '[]', '()', '""', '${}'].every((p) => closes.includes(p)), 'auto-closing { [ ( " ${', closes.join(' '));
const inc = new RegExp(conf.indentationRules.increaseIndentPattern);
const dec = new RegExp(conf.indentationRules.decreaseIndentPattern);
const cases = [
  [inc, 'worker api {', true], [inc, '  bindings {   # service bindings', true],
  [inc, '  crons = [', true], [inc, '  name = join(",", [', true],
  [inc, '  name = "{"', false], [inc, '  name = "x" # {', false], [inc, '# a block {', false],
  [inc, 'database meta { location = "wnam" }', false], [inc, '  logpush = true', false],
  [dec, '}', true], [dec, '  ]', true], [dec, '  main = "}"', false],
];
for (const [re, line, want] of cases) {
  report(re.test(line) === want, `${re === inc ? 'indents after' : 'dedents'} ${JSON.stringify(line)}: ${want}`, `got ${!want}`);
}
