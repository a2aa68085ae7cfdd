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
case $out in *"changes found but --expect-no-changes was given"*"exit 1") ok "preview: --ex is --expect-no-changes" ;;
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
exit 0
