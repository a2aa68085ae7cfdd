#!/bin/sh
# TextMate snapshot tests: every program in programs/ and the files of
# tests/editor, tokenized with the VS Code grammar by vscode-tmgrammar-snap
# and compared with tests/editor/snapshots/. `snapshots.sh --update` rewrites
# the snapshots (review the diff before committing). A program edited since
# its snapshot is compared line by line on the lines both still have
# (tm-stale.js), so editing a program does not break the suite.
# Env: TOP (repo root), NODE_MODULES (where vscode-tmgrammar-test is).
. "$TOP/tests/lib.sh"
snap="$TOP/tests/editor/snapshots"
grammar="${GRAMMAR:-$TOP/editor-support/vscode/syntaxes/dome.tmLanguage.json}"
tool="$NODE_MODULES/.bin/vscode-tmgrammar-snap"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the files under test, relative to the repo root, with their snapshot name
list() {
  (cd "$TOP" && find programs -name '*.dome' 2>/dev/null | sort | sed 's|.*|& &|')
  (cd "$TOP/tests/editor" && find . -name '*.dome' -not -path './snapshots/*' | sort |
    sed 's|^\./||; s|.*|tests/editor/& &|')
}

list | while read -r src name; do
  mkdir -p "$work/$(dirname "$name")"
  cp "$TOP/$src" "$work/$name"
  if [ "$1" = --update ]; then
    "$tool" -u -g "$grammar" -s source.dome "$work/$name" >/dev/null &&
      mkdir -p "$snap/$(dirname "$name")" && cp "$work/$name.snap" "$snap/$name.snap" &&
      echo "updated $snap/$name.snap"
    continue
  fi
  if [ ! -f "$snap/$name.snap" ]; then
    # a new program: no line to compare yet, but no line may be invalid
    : >"$work/empty.snap"
    node "$TOP/tests/editor/tm-stale.js" "$NODE_MODULES" "$grammar" "$TOP/$src" "$work/empty.snap" "$src"
    echo "#   (no snapshot yet: sh tests/editor/snapshots.sh --update, then review and commit the .snap)"
    continue
  fi
  cp "$snap/$name.snap" "$work/$name.snap"
  # a program edited since its snapshot: compare the lines both still have
  sed -n 's/^>//p' "$snap/$name.snap" >"$work/snap-src"
  if ! cmp -s "$TOP/$src" "$work/snap-src"; then
    node "$TOP/tests/editor/tm-stale.js" "$NODE_MODULES" "$grammar" "$TOP/$src" "$snap/$name.snap" "$src"
    echo "#   (refresh with: sh tests/editor/snapshots.sh --update, then review the .snap diff)"
    continue
  fi
  if out=$("$tool" -g "$grammar" -s source.dome "$work/$name" 2>&1); then
    ok "textmate snapshot: $src"
  else
    not_ok "textmate snapshot: $src" "$(printf '%s\n' "$out" | head -40)
if $src changed on purpose: sh tests/editor/snapshots.sh --update, then review the .snap diff"
  fi
done
