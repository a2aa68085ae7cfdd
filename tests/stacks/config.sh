# config set/get/rm/ls (sourced by run.sh)
fresh cfg; P=$d
t "config: a program with a sealed secret checks clean" domec check "$P" --stack dev
has "config set --secret writes an encryption block" "$(cat "$P/stacks/dev.dome")" '^encryption {'
has "config set keeps the trailing comment" "$(cat "$P/stacks/dev.dome")" 'level *= "debug" # noisy on purpose'
has "config set keeps the header comment" "$(head -1 "$P/stacks/dev.dome")" '^# Stack dev: comments survive edits.'
domec config set retries 5 --stack dev --dir "$P" 2>/dev/null
has "config set adds an aligned entry" "$(cat "$P/stacks/dev.dome")" '^  retries = 5$'
has "config set realigns the group" "$(cat "$P/stacks/dev.dome")" '^  level   = "debug" # noisy on purpose'
t "config get prints a plain value" domec config get level --stack dev --dir "$P"
[ "$out" = debug ] && ok "config get value is decoded" || not_ok "config get value is decoded" "$out"
out=$(domec config get api_key --stack dev --dir "$P")
[ "$out" = "(sensitive)" ] && ok "config get hides a secret" || not_ok "config get hides a secret" "$out"
out=$(domec config get api_key --reveal --stack dev --dir "$P")
[ "$out" = "$SECRET" ] && ok "config get --reveal opens the secret" || not_ok "config get --reveal opens the secret" "$out"
f "config get --reveal: wrong passphrase is a clear error (exit 2, credentials)" 2 env DOME_PASSPHRASE=wrong "$BIN/domec" config get api_key --reveal --stack dev --dir "$P"
has "wrong passphrase message says so" "$out" 'wrong passphrase'
f "config set: int rejects text" 1 domec config set retries many --stack dev --dir "$P"
has "type error names the declaration" "$out" "declared \`int\`"
f "config set --secret on a plain key is refused" 1 domec config set level x --secret --stack dev --dir "$P"
f "config set of a secret without --secret is refused" 1 domec config set api_key x --stack dev --dir "$P"
f "config set of an undeclared key is refused" 1 domec config set nope x --stack dev --dir "$P"
before=$(cat "$P/stacks/dev.dome")
[ "$before" = "$(cat "$P/stacks/dev.dome")" ] && ok "refused sets leave the file alone" || not_ok "refused sets leave the file alone"
t "config ls lists values" domec config ls --stack dev --dir "$P"
has "config ls shows secrets as (sensitive)" "$out" 'api_key *(sensitive)'
t "config ls --json" domec config ls --json --stack dev --dir "$P"
has "config ls --json marks secrets" "$out" '"secret":[[:space:]]*true'
t "config rm removes a value" domec config rm retries --stack dev --dir "$P"
if grep -q retries "$P/stacks/dev.dome"; then not_ok "config rm edits the file"; else ok "config rm edits the file"; fi
has "config rm realigns the group" "$(cat "$P/stacks/dev.dome")" '^  level   = "debug"'
f "config rm of an unset key is an error" 1 domec config rm retries --stack dev --dir "$P"
t "config: the edited stack still checks clean" domec check "$P" --stack dev
# layouts: a one-line block, no config block, ${} and braces inside strings
printf 'config { level = "a" }\n' > "$P/stacks/one.dome"
domec config set retries 2 --stack one --dir "$P" 2>/dev/null
has "config set in a one-line block keeps it on one line" "$(cat "$P/stacks/one.dome")" '^config { level = "a", retries = 2 }$'
printf '# just a comment\n' > "$P/stacks/bare.dome"
domec config set level 'say "hi" ${x}' --stack bare --dir "$P" 2>/dev/null
has "config set adds a config block when there is none" "$(cat "$P/stacks/bare.dome")" '^config {$'
out=$(domec config get level --stack bare --dir "$P")
[ "$out" = 'say "hi" ${x}' ] && ok "config set quotes \", \$ and braces so get returns them" || not_ok "config set quotes \", \$ and braces so get returns them" "$out"
printf 'config {\n  level = "${stack}-{x}" # keep\n}\n' > "$P/stacks/interp.dome"
domec config set retries 4 --stack interp --dir "$P" 2>/dev/null
has "config set steps over \${} inside strings" "$(cat "$P/stacks/interp.dome")" '^  level   = "${stack}-{x}" # keep$'
has "config set appends after an interpolated value" "$(cat "$P/stacks/interp.dome")" '^  retries = 4$'
# a stack file with a syntax error: every config command refuses with the
# file:line:col diagnostic and leaves the file as it was
printf '# broken on purpose\nconfig {\n  level = "debug\n}\n' > "$P/stacks/broken.dome"
cp "$P/stacks/broken.dome" "$work/broken.before"
f "config set on a stack file with a syntax error is refused" 1 domec config set retries 2 --stack broken --dir "$P"
has "the refusal shows file:line:col" "$out" 'stacks/broken.dome:3:17: error: unterminated string'
has "the refusal says the file was left unchanged" "$out" 'stacks/broken.dome has syntax errors; it was left unchanged'
cmp -s "$work/broken.before" "$P/stacks/broken.dome" && ok "config set leaves a broken stack file untouched" || not_ok "config set leaves a broken stack file untouched" "$(cat "$P/stacks/broken.dome")"
out=$(printf 'x' | "$BIN/domec" config set api_key --secret --stack broken --dir "$P" 2>&1); rc=$?
if [ $rc -eq 1 ] && ! grep -q encryption "$P/stacks/broken.dome"; then ok "config set --secret on a broken stack file adds no encryption block"
else not_ok "config set --secret on a broken stack file adds no encryption block" "exit $rc: $out"; fi
f "config rm on a broken stack file is refused" 1 domec config rm level --stack broken --dir "$P"
f "config get on a broken stack file is refused" 1 domec config get level --stack broken --dir "$P"
has "config get shows the diagnostic" "$out" 'broken.dome:3:17: error'
f "config ls on a broken stack file is refused" 1 domec config ls --stack broken --dir "$P"
f "change-passphrase on a broken stack file is refused" 1 env DOME_NEW_PASSPHRASE=other "$BIN/domec" stack change-passphrase --stack broken --dir "$P"
cmp -s "$work/broken.before" "$P/stacks/broken.dome" && ok "refused commands leave a broken stack file untouched" || not_ok "refused commands leave a broken stack file untouched"
# entries are found by the parser: a key inside a string or a comment is not one
printf '# retries = 9\nconfig {\n  level = "retries = 1" # retries = 2\n  # retries = 3\n}\n' > "$P/stacks/words.dome"
f "config get: a key only inside a string or a comment is not set" 1 domec config get retries --stack words --dir "$P"
domec config set retries 6 --stack words --dir "$P" 2>/dev/null
has "config set adds the key after the comments" "$(cat "$P/stacks/words.dome")" '^  retries = 6$'
has "config set keeps the value that mentions the key" "$(cat "$P/stacks/words.dome")" '^  level = "retries = 1" # retries = 2$'
# a comment alone in an empty block stays; a trailing comma goes with its entry
printf 'config {\n  # nothing set yet\n}\n' > "$P/stacks/note.dome"
domec config set level x --stack note --dir "$P" 2>/dev/null
[ "$(cat "$P/stacks/note.dome")" = "$(printf 'config {\n  # nothing set yet\n  level = "x"\n}')" ] && ok "config set keeps a comment alone in an empty block" || not_ok "config set keeps a comment alone in an empty block" "$(cat "$P/stacks/note.dome")"
printf 'config {\n  level = "a",\n  retries = 1,\n  api_key = secret("v1:x"),\n}\n' > "$P/stacks/commas.dome"
domec config rm retries --stack commas --dir "$P" 2>/dev/null
[ "$(cat "$P/stacks/commas.dome")" = "$(printf 'config {\n  level   = "a"\n  api_key = secret("v1:x")\n}')" ] && ok "config rm of an entry with a trailing comma leaves no blank line" || not_ok "config rm of an entry with a trailing comma leaves no blank line" "$(cat "$P/stacks/commas.dome")"
# stack init's file: the first secret puts the encryption block before config
domec stack init fresh --dir "$P" >/dev/null
printf '%s' "$SECRET" | domec config set api_key --secret --stack fresh --dir "$P" 2>/dev/null
sed -E 's/"argon2id:[^"]*"/"SALT"/; s/"c1:[0-9a-f]*"/"CHECK"/; s/"v1:[^"]*"/"SEALED"/' "$P/stacks/fresh.dome" > "$work/fresh.masked"
[ "$(cat "$work/fresh.masked")" = "$(printf '# Stack fresh.\nencryption {\n  salt  = "SALT"\n  check = "CHECK"\n}\nconfig {\n  api_key = secret("SEALED")\n}')" ] && ok "the first secret of a new stack writes encryption before config" || not_ok "the first secret of a new stack writes encryption before config" "$(cat "$P/stacks/fresh.dome")"
out=$(domec config get api_key --reveal --stack fresh --dir "$P")
[ "$out" = "$SECRET" ] && ok "the new stack's secret opens" || not_ok "the new stack's secret opens" "$out"
# config declarations come from the parsed program, not text that looks like one
printf '# config ghost: string\noutput note = "config phantom: int"\n' > "$P/notes.dome"
f "config set: a declaration inside a comment or a string is not one" 1 domec config set ghost x --stack dev --dir "$P"
t "config ls with declarations from the parsed program" domec config ls --stack fresh --dir "$P"
if printf '%s\n' "$out" | grep -q 'ghost\|phantom'; then not_ok "config ls lists only real declarations" "$out"; else ok "config ls lists only real declarations"; fi
has "config ls shows an unset declared key" "$out" '^retries *(program default)$'
rm -f "$P/notes.dome"
# --json renders values the parser read: a list written over several lines
# with a comment is a JSON array, not its .dome source
printf 'config {\n  regions = [\n    "wnam", # west\n    "weur",\n  ]\n  retries = 4\n}\n' > "$P/stacks/lists.dome"
t "config get --json of a list written over lines" domec config get regions --json --stack lists --dir "$P"
[ "$out" = '["wnam","weur"]' ] && ok "config get --json prints the list as a JSON array" || not_ok "config get --json prints the list as a JSON array" "$out"
t "config ls --json with a commented list" domec config ls --json --stack lists --dir "$P"
if printf '%s' "$out" | tr -d ' \t\n' | grep -q '"regions":\["wnam","weur"\],"retries":4}'; then ok "config ls --json gives the list and the int as JSON"
else not_ok "config ls --json gives the list and the int as JSON" "$out"; fi
# a list value is checked by the parser before the file is touched
printf 'config zones: list = []\n' > "$P/zones.dome"
cp "$P/stacks/lists.dome" "$work/lists.before"
f "config set of a list with a syntax error is refused" 1 domec config set zones '["a" "b"]' --stack lists --dir "$P"
f "config set of a list with a trailing comment is refused" 1 domec config set zones '["a"] # note' --stack lists --dir "$P"
cmp -s "$work/lists.before" "$P/stacks/lists.dome" && ok "refused list values leave the file alone" || not_ok "refused list values leave the file alone"
t "config set of a list written over lines" domec config set zones "$(printf '[\n  "a", # first\n  "b",\n]')" --stack lists --dir "$P"
has "the list keeps its comment" "$(cat "$P/stacks/lists.dome")" '^    "a", # first$'
rm -f "$P/zones.dome"
