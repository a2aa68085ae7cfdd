# state rm / state mv (sourced by run.sh)
fresh sta; P=$d
t "state: apply" domec apply "$P" --stack dev --yes
t "state mv renames a label" domec state mv bucket.raw bucket.landing --stack dev --dir "$P"
sed -i 's/^bucket raw {}/bucket landing {\n  name = "sta-raw-dev"\n}/; s/RAW    = bucket.raw/RAW    = bucket.landing/' "$P/main.dome"
t "preview after state mv shows no replace" domec preview "$P" --stack dev --expect-no-changes
f "state mv to another kind is refused" 1 domec state mv queue.events bucket.events --stack dev --dir "$P"
f "state mv of a missing address" 1 domec state mv bucket.nope bucket.other --stack dev --dir "$P"
f "state rm of a bad address" 2 domec state rm nonsense --stack dev --dir "$P"
t "state rm forgets a resource" domec state rm queue.events --stack dev --dir "$P"
t "preview after state rm wants to create it again" domec preview "$P" --stack dev
has "preview plans the create" "$out" 'queue.events'

# preview --all-stacks
domec stack init qa --dir "$P" >/dev/null 2>&1
printf 'qa-secret' | domec config set api_key --secret --stack qa --dir "$P" 2>/dev/null
t "preview --all-stacks" domec preview "$P" --all-stacks
has "all-stacks sums up dev" "$out" '^dev  *1  *0  *0  *0  *4$'
has "all-stacks sums up qa" "$out" '^qa  *5  *0  *0  *0  *0$'
f "preview --all-stacks --expect-no-changes exits 3 when a stack has changes" 3 domec preview "$P" --all-stacks --expect-no-changes
t "preview --all-stacks --json" domec preview "$P" --all-stacks --json
has "all-stacks --json has every stack" "$out" '"qa":'

# stack rm --force says what it leaves behind
t "stack rm --force removes a stack with resources" domec stack rm dev --force --yes --delete-config --dir "$P"
has "stack rm --force lists what stays on Cloudflare" "$out" 'stay on Cloudflare'
has "stack rm --force names each resource" "$out" 'worker.api  sta-api-dev'
[ ! -f "$P/.dome/dev.json" ] && [ ! -d "$P/.dome/history/dev" ] && [ ! -f "$P/stacks/dev.dome" ] \
  && ok "stack rm removes state, history and stack file" || not_ok "stack rm removes state, history and stack file"
