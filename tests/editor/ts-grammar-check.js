// Checks editor-support/tree-sitter without the tree-sitter CLI (which cannot
// be installed here): loads grammar.js with a stand-in for tree-sitter's DSL,
// checks that every referenced rule exists, parses the corpus tests
// (test/corpus/*.txt) with a backtracking packrat interpreter of the grammar
// and compares the trees, runs queries/highlights.scm over the trees with a
// small query matcher for the highlight tests (test/highlight/*.dome), and
// parses the given .dome files. The interpreter uses ordered choice where
// tree-sitter uses LR(1)/GLR, so it approximates the real parser; the real
// CLI, where available, runs the same tests (see tests/editor/run.sh).
// Usage: node ts-grammar-check.js GRAMMAR_DIR [FILE.dome...]
'use strict';
const fs = require('fs');
const path = require('path');

// ---- the DSL ----------------------------------------------------------
const node = (type, props) => Object.assign({ type }, props);
const norm = (r) => (typeof r === 'string' ? node('STRING', { value: r })
  : r instanceof RegExp ? node('PATTERN', { value: r }) : r);
const dsl = {
  seq: (...m) => node('SEQ', { members: m.map(norm) }),
  choice: (...m) => node('CHOICE', { members: m.map(norm) }),
  repeat: (r) => node('REPEAT', { content: norm(r) }),
  repeat1: (r) => node('REPEAT1', { content: norm(r) }),
  optional: (r) => node('CHOICE', { members: [norm(r), node('BLANK')] }),
  field: (name, r) => node('FIELD', { name, content: norm(r) }),
  alias: (r, name) => node('ALIAS', { content: norm(r), value: typeof name === 'string' ? name : name.name }),
  blank: () => node('BLANK'),
  token: Object.assign((r) => node('TOKEN', { content: norm(r) }),
    { immediate: (r) => node('TOKEN', { content: norm(r), immediate: true }) }),
};
const precFn = (a, b) => norm(b === undefined ? a : b);
dsl.prec = Object.assign(precFn, { left: precFn, right: precFn, dynamic: precFn });

function loadGrammar(file) {
  const refs = new Set();
  const $ = new Proxy({}, { get: (_, name) => { refs.add(name); return node('SYMBOL', { name }); } });
  let def = null;
  const g = (d) => { def = d; return d; };
  const src = fs.readFileSync(file, 'utf8');
  const fn = new Function('module', 'require', 'grammar', ...Object.keys(dsl), src);
  fn({ exports: {} }, require, g, ...Object.values(dsl));
  const rules = {};
  for (const [name, f] of Object.entries(def.rules)) rules[name] = norm(f($));
  const extras = (def.extras ? def.extras($) : [/\s/]).map(norm);
  const word = def.word ? def.word($).name : null;
  return { name: def.name, rules, extras, word, refs, start: Object.keys(def.rules)[0] };
}

// ---- tokens -------------------------------------------------------------
// A token rule compiled to a sticky regex source.
function tokenSource(r) {
  switch (r.type) {
    case 'STRING': return r.value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    case 'PATTERN': return `(?:${r.value.source})`;
    case 'SEQ': return r.members.map(tokenSource).join('');
    case 'CHOICE': return `(?:${r.members.map((m) => (m.type === 'BLANK' ? '' : tokenSource(m))).join('|')})`;
    case 'REPEAT': return `(?:${tokenSource(r.content)})*`;
    case 'REPEAT1': return `(?:${tokenSource(r.content)})+`;
    case 'TOKEN': return tokenSource(r.content);
    case 'BLANK': return '';
    default: throw new Error(`not allowed in a token: ${r.type}`);
  }
}

// ---- the packrat parser ----------------------------------------------------
function makeParser(g) {
  const re = new Map();
  const sticky = (r) => {
    if (!re.has(r)) re.set(r, new RegExp(tokenSource(r), 'y'));
    return re.get(r);
  };
  const wordRe = g.word ? sticky(g.rules[g.word]) : null;
  const isTokenRule = (name) => {
    const r = g.rules[name];
    return r.type === 'TOKEN' || r.type === 'PATTERN' || r.type === 'STRING';
  };

  return function parse(text) {
    const memo = new Map();
    let farthest = 0;
    function skipExtras(pos) {
      for (let moved = true; moved;) {
        moved = false;
        for (const e of g.extras) {
          const rx = e.type === 'SYMBOL' ? sticky(g.rules[e.name]) : sticky(e);
          rx.lastIndex = pos;
          const m = rx.exec(text);
          if (m && m[0].length) {
            if (e.type === 'SYMBOL' && extrasOut) extrasOut.push({ type: e.name, named: true, start: pos, end: pos + m[0].length, children: [] });
            pos += m[0].length; moved = true;
          }
        }
      }
      return pos;
    }
    let extrasOut = null; // set only while finding the extras of the final tree
    // Matches terminal r at pos: returns end or -1.
    function lexAt(r, pos, immediate) {
      const at = immediate ? pos : skipExtras(pos);
      const rx = sticky(r);
      rx.lastIndex = at;
      const m = rx.exec(text);
      if (!m) return null;
      let end = at + m[0].length;
      if (r.type === 'STRING' && wordRe && /^\w+$/.test(r.value)) {
        wordRe.lastIndex = at;
        const w = wordRe.exec(text);
        if (!w || w[0].length !== m[0].length) return null;
      }
      if (end > farthest) farthest = end;
      return { start: at, end };
    }
    // Returns {end, nodes} or null. nodes: children produced at this level.
    function run(r, pos, fieldName) {
      switch (r.type) {
        case 'BLANK': return { end: pos, nodes: [] };
        case 'STRING': case 'PATTERN': case 'TOKEN': {
          const t = lexAt(r.type === 'TOKEN' ? r : r, pos, r.immediate);
          if (!t) return null;
          const n = { type: r.type === 'STRING' ? r.value : '', named: false, start: t.start, end: t.end, children: [] };
          return { end: t.end, nodes: [n] };
        }
        case 'SEQ': {
          let nodes = [];
          let p = pos;
          for (const m of r.members) {
            const res = run(m, p, fieldName);
            if (!res) return null;
            nodes = nodes.concat(res.nodes); p = res.end;
          }
          return { end: p, nodes };
        }
        case 'CHOICE':
          for (const m of r.members) {
            const res = run(m, pos, fieldName);
            if (res) return res;
          }
          return null;
        case 'REPEAT': case 'REPEAT1': {
          let nodes = [];
          let p = pos;
          let n = 0;
          for (;;) {
            const res = run(r.content, p, fieldName);
            if (!res || res.end === p) break;
            nodes = nodes.concat(res.nodes); p = res.end; n++;
          }
          if (r.type === 'REPEAT1' && n === 0) return null;
          return { end: p, nodes };
        }
        case 'FIELD': {
          const res = run(r.content, pos, r.name);
          if (!res) return null;
          return { end: res.end, nodes: res.nodes.map((x) => Object.assign({}, x, { field: x.field || r.name })) };
        }
        case 'ALIAS': {
          const res = run(r.content, pos, fieldName);
          if (!res) return null;
          return { end: res.end, nodes: [{ type: r.value, named: true, start: pos, end: res.end, children: res.nodes }] };
        }
        case 'SYMBOL': return symbol(r.name, pos);
        default: throw new Error(`unknown rule type ${r.type}`);
      }
    }
    function symbol(name, pos) {
      const key = name + '@' + pos;
      if (memo.has(key)) return memo.get(key);
      memo.set(key, null); // left recursion fails instead of looping
      const rule = g.rules[name];
      if (!rule) throw new Error(`undefined rule ${name}`);
      let res = run(rule, pos);
      if (res && !name.startsWith('_')) {
        const kids = res.nodes;
        const start = kids.length ? Math.min(...kids.map((k) => k.start)) : skipExtras(pos);
        const leaf = isTokenRule(name) || (rule.type === 'CHOICE' && rule.members.every((m) => m.type === 'TOKEN' || m.type === 'STRING' || m.type === 'PATTERN'));
        const n = { type: name, named: true, start, end: res.end, children: leaf ? [] : kids };
        if (leaf) n.start = tokenStart(rule, pos);
        res = { end: res.end, nodes: [n] };
      }
      memo.set(key, res);
      return res;
    }
    function tokenStart(rule, pos) {
      const imm = rule.immediate || (rule.type === 'CHOICE' && rule.members.every((m) => m.immediate));
      return imm ? pos : skipExtras(pos);
    }
    const res = symbol(g.start, 0);
    const end = res ? skipExtras(res.end) : 0;
    if (!res || end !== text.length) {
      const upTo = Math.max(farthest, res ? res.end : 0);
      const line = text.slice(0, upTo).split('\n').length;
      return { error: `syntax error near line ${line}: ${JSON.stringify(text.slice(upTo, upTo + 30))}` };
    }
    // the extras (comments) are what lies between the tokens of the tree
    extrasOut = [];
    const leaves = [];
    const collectLeaves = (n) => { if (!n.children.length) leaves.push(n); n.children.forEach(collectLeaves); };
    collectLeaves(res.nodes[0]);
    leaves.sort((a, b) => a.start - b.start);
    let at = 0;
    for (const l of leaves.concat([{ start: text.length, end: text.length }])) {
      if (l.start > at) skipExtras(at);
      at = Math.max(at, l.end);
    }
    return { tree: insertExtras(res.nodes[0], dedupe(extrasOut)) };
  };
}

function dedupe(list) {
  const seen = new Map();
  for (const n of list) seen.set(n.start, n);
  return [...seen.values()].sort((a, b) => a.start - b.start);
}

// Puts each extra (comment) into the deepest named node that spans it.
function insertExtras(root, extras) {
  for (const e of extras) {
    let n = root;
    for (;;) {
      const inner = n.children.find((c) => c.named && c.children.length && c.start < e.start && e.end <= c.end);
      if (!inner) break;
      n = inner;
    }
    n.children.push(e);
    n.children.sort((a, b) => a.start - b.start);
  }
  return root;
}

function sexp(n) {
  const kids = n.children.filter((c) => c.named).map(sexp);
  return kids.length ? `(${n.type} ${kids.join(' ')})` : `(${n.type})`;
}

// ---- corpus tests ------------------------------------------------------------
function corpus(file) {
  const text = fs.readFileSync(file, 'utf8');
  const parts = text.split(/^={3,}\s*$/m);
  const tests = [];
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const [input, expected] = parts[i + 1].split(/^-{3,}\s*$/m);
    tests.push({ name: parts[i].trim(), input: input.replace(/^\n/, ''), expected: expected.trim() });
  }
  return tests;
}
const squash = (s) => s.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').trim();

// ---- queries ---------------------------------------------------------------------
// Parses the subset of the query language that highlights.scm uses:
// (type child... ) @cap, field: pattern, ["tok" ...] @cap, "tok" @cap,
// (_) wildcards, and the #any-of? / #eq? / #match? predicates.
function parseQuery(src) {
  const toks = src.replace(/;[^\n]*/g, '').match(/"(?:[^"\\]|\\.)*"|@[\w.]+|#[\w?!-]+|[\w.-]+:|[()[\]]|[^\s()[\]"]+/g) || [];
  let i = 0;
  function pattern() {
    const t = toks[i++];
    let p;
    if (t === '(' && toks[i] === '(') {
      // grouping: ((node ...) (#pred? ...))
      p = pattern();
      while (toks[i] !== ')') {
        const q = pattern();
        if (!q.predicate) throw new Error('query: only predicates may follow a grouped pattern');
        p.preds.push(q);
      }
      i++;
      return p;
    }
    if (t === '(') {
      if (toks[i].startsWith('#')) {
        const pred = toks[i++];
        const args = [];
        while (toks[i] !== ')') args.push(toks[i++]);
        i++;
        return { predicate: pred, args };
      }
      p = { kind: 'node', type: toks[i++], children: [], preds: [] };
      while (toks[i] !== ')') {
        const c = childOrPred();
        if (c.predicate) p.preds.push(c); else p.children.push(c);
      }
      i++;
    } else if (t === '[') {
      p = { kind: 'alt', alts: [] };
      while (toks[i] !== ']') p.alts.push(pattern());
      i++;
    } else if (t.startsWith('"')) {
      p = { kind: 'anon', type: JSON.parse(t) };
    } else {
      throw new Error(`query: unexpected ${t}`);
    }
    p.captures = [];
    while (i < toks.length && toks[i].startsWith('@')) p.captures.push(toks[i++].slice(1));
    return p;
  }
  function childOrPred() {
    if (toks[i].endsWith(':') && !toks[i].startsWith('"')) {
      const field = toks[i++].slice(0, -1);
      return Object.assign(pattern(), { field });
    }
    return pattern();
  }
  const pats = [];
  while (i < toks.length) {
    const p = pattern();
    if (p.predicate) pats[pats.length - 1].preds = (pats[pats.length - 1].preds || []).concat([p]);
    else pats.push(p);
  }
  return pats;
}

// All ways pattern p matches node n: each a list of [capture, node].
function match(p, n, text) {
  if (p.kind === 'alt') return p.alts.flatMap((a) => match(a, n, text).map((c) => c.concat(p.captures.map((x) => [x, n]))));
  if (p.kind === 'anon' && (n.named || n.type !== p.type)) return [];
  if (p.kind === 'node' && !(p.type === '_' ? n.named : n.named && n.type === p.type)) return [];
  let results = [p.captures.map((x) => [x, n])];
  let from = 0;
  for (const c of p.children || []) {
    const next = [];
    let used = from;
    for (let k = from; k < n.children.length; k++) {
      const kid = n.children[k];
      if (c.field && kid.field !== c.field) continue;
      const ms = match(c, kid, text);
      if (ms.length) { for (const r of results) for (const m of ms) next.push(r.concat(m)); used = k + 1; break; }
    }
    if (!next.length) return [];
    results = next; from = used;
  }
  return results.filter((caps) => (p.preds || []).every((pr) => predicate(pr, caps, text)));
}

function predicate(pr, caps, text) {
  const cap = pr.args[0].slice(1);
  const found = caps.find(([c]) => c === cap);
  if (!found) return true;
  const s = text.slice(found[1].start, found[1].end);
  const vals = pr.args.slice(1).map((a) => (a.startsWith('"') ? JSON.parse(a) : a));
  if (pr.predicate === '#any-of?') return vals.includes(s);
  if (pr.predicate === '#not-any-of?') return !vals.includes(s);
  if (pr.predicate === '#eq?') return s === vals[0];
  if (pr.predicate === '#match?') return new RegExp(vals[0]).test(s);
  throw new Error(`query: unsupported predicate ${pr.predicate}`);
}

// The capture name that colours each byte: the first pattern (in file order)
// that captures a node wins for that node; inner nodes override outer ones.
function highlight(tree, pats, text, overlaps) {
  const best = new Map(); // node -> {cap, index}: the earliest pattern wins
  const setDepth = (n, d) => { n.depth = d; n.children.forEach((c) => setDepth(c, d + 1)); };
  setDepth(tree, 0);
  const walk = (n) => {
    pats.forEach((p, index) => {
      for (const caps of match(p, n, text)) {
        for (const [cap, m] of caps) {
          const b = best.get(m);
          if (b && b.index !== index && overlaps) {
            overlaps.push(`${text.slice(m.start, m.end)} (${m.type}) is both @${b.cap} and @${cap}`);
          }
          if (!b || index < b.index) best.set(m, { cap, index });
        }
      }
    });
    n.children.forEach(walk);
  };
  walk(tree);
  const byte = new Array(text.length).fill(null);
  const nodes = [...best.keys()].sort((a, b) => a.depth - b.depth);
  for (const m of nodes) for (let b = m.start; b < m.end; b++) byte[b] = best.get(m).cap;
  return byte;
}

// Assertions as in tree-sitter's highlight tests: a comment line with ^ (or
// <- for the comment's own column) under the checked column, then a capture.
function highlightTests(text) {
  const lines = text.split('\n');
  const offsets = [];
  let off = 0;
  for (const l of lines) { offsets.push(off); off += l.length + 1; }
  const out = [];
  let target = -1;
  lines.forEach((l, i) => {
    const m = /^(\s*)#\s*(\^+|<-)\s*(!?[\w.]+)/.exec(l);
    if (!m || target < 0) { if (!m) target = i; return; }
    const col = m[2] === '<-' ? m[1].length : l.indexOf('^');
    out.push({ line: target + 1, col, offset: offsets[target] + col, want: m[3], text: lines[target] });
  });
  return out;
}

// ---- main ------------------------------------------------------------------------
function main() {
  const [dir, ...files] = process.argv.slice(2);
  const report = (ok, name, detail) => {
    console.log(`${ok ? 'ok' : 'not ok'} - tree-sitter: ${name}`);
    if (!ok && detail) console.log(String(detail).split('\n').map((l) => '#   ' + l).join('\n'));
  };
  let g;
  try {
    g = loadGrammar(path.join(dir, 'grammar.js'));
  } catch (e) { report(false, 'grammar.js loads', e.stack); return; }
  const undef = [...g.refs].filter((r) => !g.rules[r]);
  report(undef.length === 0, 'grammar.js refers only to rules it defines', `undefined: ${undef.join(' ')}`);
  const parse = makeParser(g);
  const cdir = path.join(dir, 'test/corpus');
  for (const f of fs.readdirSync(cdir).filter((x) => x.endsWith('.txt')).sort()) {
    for (const t of corpus(path.join(cdir, f))) {
      const r = parse(t.input);
      const got = r.error || sexp(r.tree);
      report(squash(got) === squash(t.expected), `corpus ${f}: ${t.name}`, `got:  ${got}\nwant: ${squash(t.expected)}`);
    }
  }
  const pats = parseQuery(fs.readFileSync(path.join(dir, 'queries/highlights.scm'), 'utf8'));
  const types = new Set(Object.keys(g.rules).concat(['_', 'ERROR']));
  const strings = new Set();
  const collect = (r) => { if (!r) return; if (r.type === 'STRING') strings.add(r.value); for (const k of ['content']) collect(r[k]); (r.members || []).forEach(collect); };
  Object.values(g.rules).forEach(collect);
  const bad = [];
  const walkPat = (p) => {
    if (p.kind === 'node' && !types.has(p.type)) bad.push(`(${p.type})`);
    if (p.kind === 'anon' && !strings.has(p.type)) bad.push(`"${p.type}"`);
    (p.children || []).forEach(walkPat); (p.alts || []).forEach(walkPat);
  };
  pats.forEach(walkPat);
  report(bad.length === 0, 'highlights.scm names only nodes and tokens of the grammar', bad.join(' '));
  const hdir = path.join(dir, 'test/highlight');
  for (const f of fs.readdirSync(hdir).sort()) {
    const text = fs.readFileSync(path.join(hdir, f), 'utf8');
    const r = parse(text);
    if (r.error) { report(false, `highlight ${f} parses`, r.error); continue; }
    const caps = highlight(r.tree, pats, text);
    for (const a of highlightTests(text)) {
      const got = caps[a.offset];
      const ok = a.want.startsWith('!') ? got !== a.want.slice(1) : got === a.want;
      report(ok, `highlight ${f}:${a.line}:${a.col + 1} is ${a.want}`, `got ${got} in: ${a.text}`);
    }
  }
  const overlaps = [];
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const r = parse(text);
    report(!r.error, `parses ${f}`, r.error);
    if (!r.error) highlight(r.tree, pats, text, overlaps);
  }
  for (const f of fs.readdirSync(hdir)) {
    const text = fs.readFileSync(path.join(hdir, f), 'utf8');
    const r = parse(text);
    if (!r.error) highlight(r.tree, pats, text, overlaps);
  }
  report(overlaps.length === 0, 'no node is captured by two highlight patterns', [...new Set(overlaps)].slice(0, 10).join('\n'));
}
main();
