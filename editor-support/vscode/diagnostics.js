// Parses `domec check` output into plain diagnostic records; no VS Code API
// here, so the parser is tested in node (tests/editor/run.sh).
'use strict';

const HEADER = /^(.+?):(\d+):(\d+): (error|warning|note): (.*)$/;
const CARETS = /^\s*\|( *)(\^+)\s*$/;
const EXCERPT = /^\s*\d+ \|/;
const HELP = /^\s*= help: (.*)$/;

// Returns the diagnostics found in `text` (domec's stderr), in order. Each is
// { file, line, column, endColumn, severity, message, help, notes }: line and
// columns are 1-based, endColumn is one past the last caret, severity is
// 'error' | 'warning' | 'note', help is an array of hint strings and notes
// holds the `note:` diagnostics that followed an error or warning. Lines
// that are not part of a diagnostic (such as "domec: 1 error") are ignored.
function parseDiagnostics(text) {
  const out = [];
  let cur = null;
  for (const raw of String(text).split(/\r?\n/)) {
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    const m = HEADER.exec(line);
    if (m) {
      const d = {
        file: m[1], line: Number(m[2]), column: Number(m[3]),
        endColumn: Number(m[3]) + 1, severity: m[4], message: m[5],
        help: [], notes: []
      };
      const owner = out.length ? out[out.length - 1] : null;
      if (d.severity === 'note' && cur && owner && owner.severity !== 'note') {
        owner.notes.push(d);
      } else {
        out.push(d);
      }
      cur = d;
      continue;
    }
    if (!cur) continue;
    const c = CARETS.exec(line);
    if (c && !EXCERPT.test(line)) {
      cur.endColumn = cur.column + c[2].length;
      continue;
    }
    const h = HELP.exec(line);
    if (h) { cur.help.push(h[1]); continue; }
    if (!EXCERPT.test(line)) cur = null;
  }
  return out;
}

// The program directory `domec check` should run on for a .dome file:
// the file's directory, or its parent for a stack file (stacks/<stack>.dome).
function programDir(filePath, path) {
  const dir = path.dirname(filePath);
  return path.basename(dir) === 'stacks' ? path.dirname(dir) : dir;
}

module.exports = { parseDiagnostics, programDir };
