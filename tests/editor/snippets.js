// Expands every VS Code snippet (editor-support/vscode/snippets/dome.json)
// with its default placeholder values and writes a program that uses them
// all: OUT_DIR/main.dome (top-level snippets, and the worker-only ones inside
// a worker) and OUT_DIR/stacks/dev.dome (the stack-file snippet). The only
// declarations added are the ones the defaults refer to and no snippet makes
// (a dead-letter queue and a secret config value).
// Usage: node snippets.js SNIPPETS_JSON OUT_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const [file, out] = process.argv.slice(2);
const snippets = JSON.parse(fs.readFileSync(file, 'utf8'));
const NESTED = new Set(['consumes', 'bindings', 'vars', 'secrets']);
const STACK = new Set(['stackconfig']);

// ${1:default} -> default, ${1|a,b|} -> a, $1 / $0 -> '', \$ -> $
function expand(body) {
  let s = body.join('\n');
  for (let i = 0; i < 5; i++) s = s.replace(/\$\{\d+:((?:[^{}]|\{[^{}]*\})*)\}/g, '$1');
  return s.replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1').replace(/\$\d+/g, '').replace(/\\\$/g, '$');
}

const top = [];
const nested = [];
const stack = [];
for (const [name, sn] of Object.entries(snippets)) {
  const text = expand(sn.body);
  (STACK.has(sn.prefix) ? stack : NESTED.has(sn.prefix) ? nested : top).push(`# snippet ${name}\n${text}`);
}
fs.mkdirSync(path.join(out, 'stacks'), { recursive: true });
const support = 'queue dlq {}\nconfig api_key: secret\n';
const worker = `worker snippet_nested {\n  main = "dist/index.js"\n${nested.join('\n').replace(/^/gm, '  ')}\n}\n`;
fs.writeFileSync(path.join(out, 'main.dome'), `${top.join('\n')}\n${support}${worker}`);
fs.writeFileSync(path.join(out, 'stacks', 'dev.dome'), `${stack.join('\n')}\n`.replace(/\n}\n*$/, '\n  api_key = secret("v1:c25pcHBldHM")\n}\n'));
console.log(`# ${Object.keys(snippets).length} snippets expanded into ${out}`);
