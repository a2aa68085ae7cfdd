// Checks a program against a snapshot that is older than the program (the
// program was edited since) or empty (a new program): every line of the
// program that the snapshot also has must get the tokens and scopes the
// snapshot recorded for it, and no other line may get an invalid.* scope.
// Prints one "ok"/"not ok" line.
// Usage: node tm-stale.js NODE_MODULES GRAMMAR FILE SNAP NAME
'use strict';
const fs = require('fs');
const { loadGrammar, tokenize } = require('./tm-check.js');

// The snapshot as: source line text -> set of "start-end:scopes|..." strings.
function readSnap(text) {
  const byLine = new Map();
  let cur = null;
  const flush = () => {
    if (cur && cur.tokens.length) {
      if (!byLine.has(cur.text)) byLine.set(cur.text, new Set());
      byLine.get(cur.text).add(cur.tokens.join('|'));
    }
  };
  for (const l of text.split('\n')) {
    if (l.startsWith('>')) { flush(); cur = { text: l.slice(1), tokens: [] }; continue; }
    const m = /^#( *)(\^+) (.*)$/.exec(l);
    if (m && cur) cur.tokens.push(`${m[1].length}-${m[1].length + m[2].length}:${m[3]}`);
  }
  flush();
  return byLine;
}

async function main(modules, grammarPath, file, snapFile, name) {
  const g = await loadGrammar(modules, grammarPath);
  const snap = readSnap(fs.readFileSync(snapFile, 'utf8'));
  const bad = [];
  let compared = 0;
  for (const { line, tokens } of tokenize(g, fs.readFileSync(file, 'utf8'))) {
    if (!line.trim()) continue;
    const got = tokens.map((t) => `${t.startIndex}-${Math.min(t.endIndex, line.length)}:${t.scopes.join(' ')}`)
      .filter((t) => !/^(\d+)-\1:/.test(t)).join('|');
    if (snap.has(line)) {
      compared++;
      if (!snap.get(line).has(got)) bad.push(`changed: ${line}\n  got ${got}`);
    } else if (/invalid\./.test(got)) {
      bad.push(`invalid scope: ${line}\n  got ${got}`);
    }
  }
  const what = snap.size ? `textmate snapshot: ${name} (program edited since the snapshot; ${compared} unchanged lines compared)`
    : `textmate snapshot: ${name} (no snapshot yet; no line has an invalid scope)`;
  if (bad.length) {
    console.log(`not ok - ${what}`);
    console.log(bad.slice(0, 5).join('\n').split('\n').map((l) => `#   ${l}`).join('\n'));
  } else {
    console.log(`ok - ${what}`);
  }
}
main(...process.argv.slice(2)).catch((e) => console.log(`not ok - textmate stale snapshot check\n#   ${e.stack}`));
