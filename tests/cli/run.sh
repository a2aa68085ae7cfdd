#!/bin/sh
# tests/cli: the command line, command by command, as the command table
# (cli/commands.def) describes it. The commands, their flags, positionals and
# options come from `domec help --list`, so a command added to the table is
# tested here without touching this file. For every command: --help exits 0
# and describes every option; `domec help CMD` prints the same; an unknown
# option exits 2 naming it and the usage line; where it takes a stack,
# --stack=dev, -sdev, -s dev and --stack dev all mean the stack; where it
# takes a program directory, DIR, --dir DIR, --dir=DIR and -C DIR are the
# same. Nothing here talks to Cloudflare: no token is set.
. "$TOP/tests/lib.sh"
set -f # positionals like [DIR|FILE] are words here, not patterns
work=$(mktemp -d "${TMPDIR:-/tmp}/domec-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
unset DOME_STACK DOME_SECRETS_KEY_FILE CLOUDFLARE_API_TOKEN CLOUDFLARE_ACCOUNT_ID \
  CLOUDFLARE_API_BASE_URL
export NO_COLOR=1 DOME_PASSPHRASE=cli-test-passphrase DOME_NEW_PASSPHRASE=cli-test-second
TAB=$(printf '\t')

# A small program with a stack dev; each run gets a fresh copy at the same
# path, so commands that write (stack init, ...) print the same every time.
tpl="$work/tpl"; prog="$work/prog"; cwd="$work/cwd"
mkdir -p "$tpl/stacks" "$cwd"
cat > "$tpl/main.dome" <<'DOME'
project "clitest" {
  naming = "${project}-${name}-${stack}"
}

config level: string = "info"

bucket raw {}
DOME
printf 'config {\n  level = "debug"\n}\n' > "$tpl/stacks/dev.dome"

# run ARGS...: runs domec in an empty directory on a fresh copy of the
# program; prints its output (stdout and stderr) and "exit N".
run() {
  rm -rf "$prog" && cp -r "$tpl" "$prog"
  (cd "$cwd" && domec "$@" </dev/null 2>&1; echo "exit $?")
}

list=$(domec help --list)
if [ $? -eq 0 ] && [ "$(printf '%s\n' "$list" | wc -l)" -gt 20 ]; then ok "help --list lists the commands"
else not_ok "help --list lists the commands" "$list"; fi

# names NAME-OF-SECTION: the first word of each entry of a help section
names() { sed -n "/^$1:/,/^\$/p" | awk 'NR > 1 && /^  [a-z]/ { sub(",", "", $1); print $1 }'; }
in_list() { printf '%s\n' "$list" | cut -f1 | grep -qx -- "$1"; }

# Every command `domec help` names, and every subcommand of a group, is in the list.
missing=
for c in $(domec help | names commands); do
  subs=$(domec help "$c" | names subcommands)
  if [ -z "$subs" ]; then in_list "$c" || missing="$missing $c"
  else for s in $subs; do in_list "$c $s" || missing="$missing '$c $s'"; done; fi
done
[ -z "$missing" ] && ok "help --list has every command of domec help" \
  || not_ok "help --list has every command of domec help" "missing:$missing"

# Groups: --help and `domec help GROUP` agree; an unknown subcommand exits 2.
for g in stack config state; do
  a=$(domec "$g" --help); b=$(domec help "$g")
  [ -n "$a" ] && [ "$a" = "$b" ] && ok "$g: --help is domec help $g" || not_ok "$g: --help is domec help $g"
  out=$(domec "$g" no-such-sub 2>&1); rc=$?
  [ $rc -eq 2 ] && printf '%s' "$out" | grep -q "unknown subcommand 'no-such-sub'" \
    && ok "$g: an unknown subcommand exits 2" || not_ok "$g: an unknown subcommand exits 2" "exit $rc: $out"
done

printf '%s\n' "$list" | while IFS=$TAB read -r words flags args opts; do
  # fillers: an "x" for each positional before the program directory
  fill=
  for a in $args; do
    case $a in -|"[DIR"*|*"...]") ;; *) fill="$fill x" ;; esac
  done

  # --help: exit 0, on stdout, every option named
  help=$(domec $words --help 2>/dev/null); rc=$?
  absent=
  for o in $opts; do
    o=${o%%=*}
    printf '%s\n' "$help" | grep -qE -- "(^|[[:space:]])$o([[:space:],]|\$)" || absent="$absent $o"
  done
  if [ $rc -eq 0 ] && printf '%s\n' "$help" | grep -q "^usage: domec $words" && [ -z "$absent" ]
  then ok "$words: --help exits 0 and describes every option"
  else not_ok "$words: --help exits 0 and describes every option" "exit $rc, not described:$absent"; fi
  [ "$(domec $words -h 2>/dev/null)" = "$help" ] && ok "$words: -h is --help" || not_ok "$words: -h is --help"
  [ "$(domec help $words 2>/dev/null)" = "$help" ] && ok "$words: domec help $words is --help" \
    || not_ok "$words: domec help $words is --help"

  # the help ends with examples (each a domec command line) and the exit codes
  ex=$(printf '%s\n' "$help" | sed -n '/^examples:$/,/^$/p')
  codes=$(printf '%s\n' "$help" | sed -n '/^exit codes:$/,$p')
  if printf '%s\n' "$ex" | grep -q "^  domec $words" && printf '%s\n' "$codes" | grep -q '^  0 ' &&
     printf '%s\n' "$codes" | grep -q '^  1 ' && printf '%s\n' "$codes" | grep -q '^  2 '
  then ok "$words: --help shows an example and the exit codes"
  else not_ok "$words: --help shows an example and the exit codes" "$ex
$codes"; fi

  # every option, misspelt (its first two letters swapped): did you mean it?
  wrong=
  for o in $opts; do
    case $o in --*) ;; *) continue ;; esac
    o=${o%%=*}; name=${o#--}
    typo=--$(printf '%s' "$name" | sed 's/^\(.\)\(.\)/\2\1/')
    out=$(domec $words $typo 2>&1)
    printf '%s\n' "$out" | grep -q -- "did you mean '$o'?" || wrong="$wrong $typo"
  done
  [ -z "$wrong" ] && ok "$words: a misspelt option gets did-you-mean" \
    || not_ok "$words: a misspelt option gets did-you-mean" "no suggestion for:$wrong"

  # with --json, a failure is also one JSON object on stdout
  case " $opts " in *" --json "*)
    out=$(domec $words --json --no-such-option 2>/dev/null); rc=$?
    if [ $rc -eq 2 ] && printf '%s' "$out" | jq -e '.error.exit_code == 2 and .error.class == "environment"
         and (.error.message | test("unknown option"))' >/dev/null 2>&1
    then ok "$words: --json turns a usage error into JSON on stdout"
    else not_ok "$words: --json turns a usage error into JSON on stdout" "exit $rc: $out"; fi ;;
  esac

  # an unknown option: exit 2, naming it, with the usage line
  for bad in --no-such-option -Z; do
    out=$(domec $words $bad 2>&1); rc=$?
    if [ $rc -eq 2 ] && printf '%s\n' "$out" | grep -q -- "unknown option '$bad'" &&
       printf '%s\n' "$out" | grep -q "usage: domec $words"
    then ok "$words: unknown option $bad exits 2 and names it"
    else not_ok "$words: unknown option $bad exits 2 and names it" "exit $rc: $out"; fi
  done

  # the stack: four spellings, each winning over an invalid DOME_STACK
  case ",$flags," in *,stack,*|*,needs-stack,*)
    want=$(run $words $fill "$prog" --stack dev)
    same=yes
    for s in --stack=dev -sdev "-s dev"; do
      got=$(DOME_STACK=Not_A_Stack run $words $fill "$prog" $s)
      [ "$got" = "$want" ] || same="$s gives: $got"
    done
    case $want in *Not_A_Stack*|*"unknown option"*|*"missing value"*) same="--stack dev gives: $want" ;; esac
    [ "$same" = yes ] && ok "$words: --stack=dev, -sdev, -s dev and --stack dev agree" \
      || not_ok "$words: --stack=dev, -sdev, -s dev and --stack dev agree" "--stack dev gives: $want
$same"
    ;;
  esac

  # the program directory: DIR, --dir DIR, --dir=DIR and -C DIR
  case ",$flags," in *,dir,*)
    stack=; case ",$flags," in *stack,*) stack="--stack dev" ;; esac
    want=$(run $words $fill "$prog" $stack)
    same=yes
    for d in "--dir $prog" "--dir=$prog" "-C $prog"; do
      got=$(run $words $fill $d $stack)
      [ "$got" = "$want" ] || same="$d gives: $got"
    done
    case $want in *"unknown option"*|*"unexpected argument"*) same="DIR gives: $want" ;; esac
    [ "$same" = yes ] && ok "$words: DIR, --dir DIR, --dir=DIR and -C DIR agree" \
      || not_ok "$words: DIR, --dir DIR, --dir=DIR and -C DIR agree" "DIR gives: $want
$same"
    ;;
  esac
done

# A few spellings the table cannot show.
want=$(run graph "$prog" --format dot)
[ "$(run graph "$prog" --format=dot)" = "$want" ] && ok "graph: --format=dot is --format dot" \
  || not_ok "graph: --format=dot is --format dot"
[ "$(run graph --form dot "$prog")" = "$want" ] && ok "graph: an unambiguous prefix (--form) is the option" \
  || not_ok "graph: an unambiguous prefix (--form) is the option"
out=$(run preview "$prog" --stack dev --ex)
case $out in *"changes found but --expect-no-changes was given"*"exit 3") ok "preview: --ex is --expect-no-changes" ;;
  *) not_ok "preview: --ex is --expect-no-changes" "$out" ;; esac
out=$(run preview "$prog" --stack dev --di)
case $out in *"ambiguous option '--di' (--dir, --diff)"*"exit 2") ok "preview: an ambiguous prefix exits 2 and lists the candidates" ;;
  *) not_ok "preview: an ambiguous prefix exits 2 and lists the candidates" "$out" ;; esac
out=$(run check -- "$prog" --stack dev)
case $out in *"unexpected argument '--stack'"*"exit 2") ok "check: after --, --stack is an argument" ;;
  *) not_ok "check: after --, --stack is an argument" "$out" ;; esac
[ "$(run check --stack dev -- "$prog")" = "$(run check --stack dev "$prog")" ] \
  && ok "check: -- then DIR is DIR" || not_ok "check: -- then DIR is DIR"
out=$(run preview "$prog" --yes --stack dev)
case $out in *"unknown option '--yes'"*"usage: domec preview [DIR] [options]"*"exit 2") ok "preview: --yes is apply's, not preview's" ;;
  *) not_ok "preview: --yes is apply's, not preview's" "$out" ;; esac
out=$(run preview "$prog" --stack)
case $out in *"missing value for '--stack'"*"exit 2") ok "preview: --stack without a value exits 2" ;;
  *) not_ok "preview: --stack without a value exits 2" "$out" ;; esac
out=$(run apply "$prog" --stack dev --parallel 0)
case $out in *"bad value '0' for '--parallel'"*"exit 2") ok "apply: --parallel 0 is refused" ;;
  *) not_ok "apply: --parallel 0 is refused" "$out" ;; esac
out=$(run check "$prog" "$prog")
case $out in *"unexpected argument"*"exit 2") ok "check: a second DIR exits 2" ;; *) not_ok "check: a second DIR exits 2" "$out" ;; esac
out=$(run check "$prog" --dir "$prog")
case $out in *"already given"*"exit 2") ok "check: DIR and --dir together exit 2" ;; *) not_ok "check: DIR and --dir together exit 2" "$out" ;; esac
out=$(run config get --stack dev --dir "$prog")
case $out in *"missing KEY"*"exit 2") ok "config get: a missing KEY exits 2" ;; *) not_ok "config get: a missing KEY exits 2" "$out" ;; esac
out=$(run preview "$prog" --all-stacks --stack dev)
case $out in *"--all-stacks"*"exit 2") ok "preview: --all-stacks with --stack exits 2" ;; *) not_ok "preview: --all-stacks with --stack exits 2" "$out" ;; esac
out=$(run config unset level --stack dev "$prog")
case $out in *"exit 0") ok "config unset is config rm" ;; *) not_ok "config unset is config rm" "$out" ;; esac

# The stack for check: --stack, then DOME_STACK, then the selected stack; no
# stack at all checks names for stack dev.
printf 'config { level = 5 }\n' > "$tpl/stacks/bad.dome"
out=$(run check "$prog"); case $out in *"exit 0") ok "check: no stack checks the program alone" ;; *) not_ok "check: no stack checks the program alone" "$out" ;; esac
out=$(DOME_STACK=bad run check "$prog"); case $out in *"bad.dome"*"exit 1") ok "check honours DOME_STACK" ;; *) not_ok "check honours DOME_STACK" "$out" ;; esac
out=$(DOME_STACK=bad run check "$prog" --stack dev); case $out in *"exit 0") ok "check: --stack wins over DOME_STACK" ;; *) not_ok "check: --stack wins over DOME_STACK" "$out" ;; esac
mkdir -p "$tpl/.dome"; echo bad > "$tpl/.dome/selected"
out=$(run check "$prog"); case $out in *"bad.dome"*"exit 1") ok "check honours the selected stack" ;; *) not_ok "check honours the selected stack" "$out" ;; esac
out=$(DOME_STACK=dev run check "$prog"); case $out in *"exit 0") ok "check: DOME_STACK wins over the selected stack" ;; *) not_ok "check: DOME_STACK wins over the selected stack" "$out" ;; esac
rm -rf "$tpl/.dome" "$tpl/stacks/bad.dome"

# Did you mean: commands, subcommands, help topics, config keys, --target
# labels, and names in the program (ia for ai, a bare label for kind.label).
dym() { # dym NAME EXPECTED-TEXT ARGS...
  name=$1 want=$2; shift 2
  out=$(run "$@")
  case $out in *"did you mean '$want'"*"exit "[12]) ok "did you mean: $name" ;; *) not_ok "did you mean: $name" "$out" ;; esac
}
dym "aply" "domec apply" aply
dym "stack sellect" "domec stack select" stack sellect
dym "help aply" "domec help apply" help aply
dym "--stak" "--stack" preview "$prog" --stak dev
dym "config set levle" "level" config set levle warn --stack dev "$prog"
dym "--target raw" "bucket.raw" preview "$prog" --stack dev --target raw
cp -r "$tpl" "$work/names"
printf 'queue jobs {}\nworker w {\n  main = "w.js"\n  compatibility_date = "2025-04-15"\n  bindings {\n    AI = ia\n    Q  = jobs\n  }\n}\n' >> "$work/names/main.dome"
echo 'export default {}' > "$work/names/w.js"
out=$(domec check "$work/names" 2>&1)
case $out in *"did you mean 'ai'"*"did you mean 'queue.jobs'"*) ok "did you mean: ia is ai, jobs is queue.jobs" ;;
  *) not_ok "did you mean: ia is ai, jobs is queue.jobs" "$out" ;; esac

# check --json and --format sarif: one JSON document on stdout, with the
# place of every diagnostic; exit 1 on errors, 0 when clean.
out=$(domec check "$work/names" --json 2>/dev/null); rc=$?
if [ $rc -eq 1 ] && printf '%s' "$out" | jq -e -s 'length == 1 and .[0].ok == false and .[0].errors == 2
     and (.[0].diagnostics | map(select(.file == "'"$work/names/main.dome"'" and .line > 0 and .column > 0 and .severity == "error")) | length == 2)' >/dev/null
then ok "check --json: the diagnostics with their places, exit 1"
else not_ok "check --json: the diagnostics with their places, exit 1" "exit $rc: $out"; fi
out=$(domec check "$prog" --json 2>&1); rc=$?
printf '%s' "$out" | jq -e '.ok == true and .errors == 0' >/dev/null && [ $rc -eq 0 ] \
  && ok "check --json on a clean program: ok, exit 0" || not_ok "check --json on a clean program: ok, exit 0" "exit $rc: $out"
out=$(domec check "$work/names" --format sarif 2>/dev/null); rc=$?
if [ $rc -eq 1 ] && printf '%s' "$out" | jq -e '.version == "2.1.0" and (.runs[0].results | length == 2)
     and .runs[0].results[0].locations[0].physicalLocation.region.startLine > 0' >/dev/null
then ok "check --format sarif: a SARIF log with a result per error"
else not_ok "check --format sarif: a SARIF log with a result per error" "exit $rc: $out"; fi

# Exit codes: 3 for changes with --detailed-exitcode, 0 without changes; a
# program error is 1; a credential error is 2, never 1.
out=$(run preview "$prog" --stack dev --detailed-exitcode)
case $out in *"+ bucket.raw"*"exit 3"|*"bucket.raw"*"exit 3") ok "preview --detailed-exitcode: changes exit 3" ;;
  *) not_ok "preview --detailed-exitcode: changes exit 3" "$out" ;; esac
cp -r "$tpl" "$work/empty"; printf 'project "clitest" {}\n' > "$work/empty/main.dome"
printf 'config {}\n' > "$work/empty/stacks/dev.dome"
out=$(domec preview "$work/empty" --stack dev --detailed-exitcode 2>&1); rc=$?
[ $rc -eq 0 ] && ok "preview --detailed-exitcode: no changes exit 0" || not_ok "preview --detailed-exitcode: no changes exit 0" "exit $rc: $out"
out=$(domec preview "$work/names" --stack dev --json 2>/dev/null); rc=$?
if [ $rc -eq 1 ] && printf '%s' "$out" | jq -e '.error.class == "program" and .error.exit_code == 1
     and (.error.diagnostics | length == 2) and .error.diagnostics[0].line > 0' >/dev/null
then ok "preview --json: program errors are a JSON error (class program, exit 1) with the diagnostics"
else not_ok "preview --json: program errors are a JSON error (class program, exit 1) with the diagnostics" "exit $rc: $out"; fi
out=$(domec apply "$prog" --stack dev --yes --json 2>/dev/null); rc=$?
if [ $rc -eq 2 ] && printf '%s' "$out" | jq -e '.error.class == "environment" and (.error.message | test("CLOUDFLARE_API_TOKEN"))' >/dev/null
then ok "apply --json without a token: a credential error, exit 2, as JSON"
else not_ok "apply --json without a token: a credential error, exit 2, as JSON" "exit $rc: $out"; fi
out=$(cd "$work" && cp -r "$tpl" sealed && printf 'config s: secret\n' >> sealed/main.dome &&
      printf 'hush' | domec config set s --secret --stack dev sealed >/dev/null 2>&1 &&
      DOME_PASSPHRASE=wrong-passphrase domec config get s --reveal --stack dev sealed 2>&1; echo "exit $?")
case $out in *"exit 2") ok "config get --reveal with a wrong passphrase: exit 2 (credentials), not 1" ;;
  *) not_ok "config get --reveal with a wrong passphrase: exit 2 (credentials), not 1" "$out" ;; esac

# domec init: a program that checks clean, a dev stack, a .gitignore; never twice.
out=$(cd "$work" && domec init "New App" 2>&1); rc=$?
n="$work/New App"
if [ $rc -eq 0 ] && [ -f "$n/main.dome" ] && [ -f "$n/src/index.js" ] && [ -f "$n/stacks/dev.dome" ] &&
   grep -qx '.dome/' "$n/.gitignore" && grep -q 'project "new-app"' "$n/main.dome" &&
   printf '%s' "$out" | grep -q 'domec preview'
then ok "init DIR: main.dome, a worker, stacks/dev.dome, .gitignore; says what to run next"
else not_ok "init DIR: main.dome, a worker, stacks/dev.dome, .gitignore; says what to run next" "exit $rc: $out"; fi
out=$(domec check "$n" --stack dev 2>&1 && domec fmt --check "$n" 2>&1 && domec preview "$n" --stack dev 2>&1); rc=$?
case $out in *"3 to create"*) [ $rc -eq 0 ] && ok "init: the program checks, is formatted and previews 3 creates" || not_ok "init: the program checks, is formatted and previews 3 creates" "exit $rc: $out" ;;
  *) not_ok "init: the program checks, is formatted and previews 3 creates" "exit $rc: $out" ;; esac
out=$(domec init "$n" 2>&1); rc=$?
[ $rc -eq 2 ] && printf '%s' "$out" | grep -q "already holds a program" && ok "init refuses a directory with a program" \
  || not_ok "init refuses a directory with a program" "exit $rc: $out"
out=$(domec init "$work/x" --name Bad_Name 2>&1); rc=$?
[ $rc -eq 2 ] && [ ! -e "$work/x/main.dome" ] && ok "init --name: a bad project name exits 2, writes nothing" \
  || not_ok "init --name: a bad project name exits 2, writes nothing" "exit $rc: $out"
exit 0
