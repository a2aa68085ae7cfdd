#!/bin/sh
# Installs every Debian package listed in mk/deps.txt. Needs root (or sudo).
set -e
pkgs=$(grep -v '^#' "$(dirname "$0")/deps.txt" | grep -v '^$' | tr '\n' ' ')
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $pkgs
# Node.js (with npm) runs the client-compatibility and editor tests. The
# machine image brings Node 20; Debian's own npm package conflicts with it,
# so Debian's nodejs is installed only where there is no node at all.
command -v npm >/dev/null 2>&1 || $SUDO apt-get install -y -qq nodejs npm
