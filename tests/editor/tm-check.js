// Checks the VS Code TextMate grammar token by token: for each entry of
// positions.txt, the innermost scope at the marked position. Prints
// "ok - ..." / "not ok - ..." lines. Usage: node tm-check.js NODE_MODULES GRAMMAR DIR
'use strict';
const fs = require('fs');
const path = require('path');
async function loadGrammar(modules, grammarPath) {
  const vsctm = require(path.resolve(modules, 'vscode-textmate'));
  const oniguruma = require(path.resolve(modules, 'vscode-oniguruma'));
  const wasm = fs.readFileSync(path.join(modules, 'vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s)
    }),
    loadGrammar: async () => vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
  });
  const grammar = await registry.loadGrammar('source.dome');
  return { grammar, INITIAL: vsctm.INITIAL };
}

// Per line of `text`: its tokens [{startIndex, endIndex, scopes}].
function tokenize({ grammar, INITIAL }, text) {
  let stack = INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return { line, tokens: r.tokens };
  });
}

function scopeAt(lines, frag) {
  const clean = frag.replace(/[«»]/g, '');
  const off = frag.indexOf('«');
  for (const { line, tokens } of lines) {
    const i = line.indexOf(clean);
    if (i < 0) continue;
    const col = i + off;
    const t = tokens.find((tok) => tok.startIndex <= col && col < tok.endIndex);
    return t ? t.scopes[t.scopes.length - 1] : '(no token)';
  }
  return '(fragment not found)';
}

async function main(modules, grammarPath, dir) {
  const grammar = await loadGrammar(modules, grammarPath);
  let lines = null;
  for (const entry of fs.readFileSync(path.join(dir, 'positions.txt'), 'utf8').split('\n')) {
    if (!entry || entry.startsWith('%')) continue;
    if (entry.startsWith('@')) {
      lines = tokenize(grammar, fs.readFileSync(path.join(dir, entry.slice(1)), 'utf8'));
      continue;
    }
    const [frag, , , scope] = entry.split('\t');
    const want = scope === 'NONE' ? 'source.dome' : scope;
    const got = scopeAt(lines, frag);
    console.log(got === want ? `ok - textmate scope: ${frag} is ${want}`
      : `not ok - textmate scope: ${frag} is ${want}\n#   got ${got}`);
  }
}
if (require.main === module) {
  main(...process.argv.slice(2)).catch((e) => { console.log(`not ok - textmate check script\n#   ${e.stack}`); });
}
module.exports = { loadGrammar, tokenize };
