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
f "config get --reveal: wrong passphrase is a clear error" 1 env DOME_PASSPHRASE=wrong "$BIN/domec" config get api_key --reveal --stack dev --dir "$P"
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
