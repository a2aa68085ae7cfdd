// Renders a .dome file to HTML with the VS Code TextMate grammar and a
// Dark+-like theme (scope prefix -> colour), for editor-support/screenshot.sh.
// Usage: node tm2html.js FILE.dome > out.html  (needs npm ci in editor-support)
'use strict';
const fs = require('fs');
const path = require('path');
const modules = path.join(__dirname, 'node_modules');
const vsctm = require(path.join(modules, 'vscode-textmate'));
const onig = require(path.join(modules, 'vscode-oniguruma'));

// first matching prefix wins, innermost scope first
const THEME = [
  ['comment', '#6a9955'], ['invalid', '#f44747'], ['constant.character.escape', '#d7ba7d'],
  ['punctuation.section.interpolation', '#569cd6'], ['meta.embedded', '#d4d4d4'],
  ['string', '#ce9178'], ['constant.numeric', '#b5cea8'], ['constant.language', '#569cd6'],
  ['keyword', '#c586c0'], ['storage.type', '#569cd6'],
  ['support.type.primitive', '#4ec9b0'], ['support.type', '#4ec9b0'],
  ['support.function', '#dcdcaa'], ['entity.name.function', '#dcdcaa'],
  ['entity.name', '#4fc1ff'], ['entity.other.attribute-name', '#9cdcfe'],
  ['variable.language', '#569cd6'], ['variable', '#9cdcfe'],
];
// scopes that take the colour of what they are part of (or the default)
const NEUTRAL = ['punctuation.definition.string', 'punctuation.definition.comment'];

function colour(scopes) {
  if (scopes.some((s) => s.startsWith('keyword.operator'))) return '#d4d4d4';
  if (scopes.some((s) => s.startsWith('punctuation.') && !NEUTRAL.some((n) => s.startsWith(n)) &&
      !s.startsWith('punctuation.section.interpolation'))) return '#d4d4d4';
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = THEME.find(([p]) => scopes[i] === p || scopes[i].startsWith(p + '.'));
    if (hit) return hit[1];
  }
  return '#d4d4d4';
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function main(file) {
  const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma/release/onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammarPath = path.join(__dirname, 'vscode/syntaxes/dome.tmLanguage.json');
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new onig.OnigScanner(p),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  const grammar = await registry.loadGrammar('source.dome');
  let stack = vsctm.INITIAL;
  const lines = fs.readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  const html = lines.map((line, n) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    const body = r.tokens.map((t) => `<span style="color:${colour(t.scopes)}">${esc(line.slice(t.startIndex, t.endIndex))}</span>`).join('');
    return `<span class="n">${String(n + 1).padStart(3)}</span>  ${body}`;
  }).join('\n');
  process.stdout.write('<!doctype html><meta charset=utf-8><style>body{margin:0;background:#1e1e1e}' +
    'h1{font:13px sans-serif;color:#aaa;margin:6px 10px}.n{color:#858585}' +
    "pre{margin:0 10px;font:14px/1.3 'DejaVu Sans Mono',monospace}</style>" +
    `<h1>${esc(path.basename(file))} with the VS Code TextMate grammar (editor-support/vscode)</h1><pre>${html}</pre>\n`);
}
main(process.argv[2]).catch((e) => { console.error(e); process.exit(1); });
