#!/bin/sh
# Installs every Debian package listed in mk/deps.txt. Needs root (or sudo).
set -e
pkgs=$(grep -v '^#' "$(dirname "$0")/deps.txt" | grep -v '^$' | tr '\n' ' ')
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq $pkgs
