# Stack names: one rule (lang_stack_name_ok) for stack init, stack select,
# --stack, DOME_STACK, the selected stack and check, so a name stack init
# accepts is one preview accepts, and the other way round. (sourced by run.sh)
fresh names; P=$d
# agree NAME: stack init and preview --stack both accept NAME, or both refuse it
agree() {
  domec stack init --dir "$P" -- "$1" >/dev/null 2>&1; init=$? # -- : "-dev" is a NAME here
  printf 'nm-secret' | domec config set api_key --secret --stack "$1" --dir "$P" >/dev/null 2>&1
  out=$(domec preview "$P" --stack "$1" 2>&1); pre=$?
  if [ "$init" -eq 0 ] && [ "$pre" -eq 0 ]; then echo accepted
  elif [ "$init" -eq 2 ] && [ "$pre" -eq 2 ] && printf '%s' "$out" | grep -q "invalid stack name"; then echo refused
  else echo "init exit $init, preview exit $pre: $out"; fi
}
for name in my-stack qa2 0a "$(printf 'a%.0s' $(seq 32))"; do
  r=$(agree "$name")
  [ "$r" = accepted ] && ok "stack name '$name': stack init and preview accept it" \
    || not_ok "stack name '$name': stack init and preview accept it" "$r"
done
for name in my_stack My-Stack dev- -dev a.b ../x "$(printf 'a%.0s' $(seq 33))"; do
  r=$(agree "$name")
  [ "$r" = refused ] && ok "stack name '$name': stack init and preview refuse it" \
    || not_ok "stack name '$name': stack init and preview refuse it" "$r"
done
[ ! -e "$P/stacks/my_stack.dome" ] && ok "a refused stack init writes no stack file" \
  || not_ok "a refused stack init writes no stack file"
f "stack init my_stack names the rule" 2 domec stack init my_stack --dir "$P"
has "the rule is in the message" "$out" "lowercase letters, digits and '-'"
f "check --stack my_stack is refused too" 2 domec check "$P" --stack my_stack
f "stack select my_stack is refused too" 2 domec stack select my_stack --dir "$P"
t "stack select my-stack" domec stack select my-stack --dir "$P"
t "preview uses the selected my-stack" domec preview "$P"
has "preview names my-stack" "$out" "stack 'my-stack'"
f "DOME_STACK=my_stack is refused, naming DOME_STACK" 2 env DOME_STACK=my_stack "$BIN/domec" preview "$P"
has "the message names DOME_STACK" "$out" "invalid stack name 'my_stack' (from DOME_STACK)"
echo my_stack > "$P/.dome/selected"
f "a hand-written selection my_stack is refused" 2 domec preview "$P"
has "the message names the selection" "$out" "selected with \`domec stack select\`"
t "--stack wins over a bad selection" domec preview "$P" --stack dev
rm -f "$P/.dome/selected"
