#!/bin/sh
# Says clearly which build dependencies are missing, and how to get them.
missing=
for tool in flex bison pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
for pc in libcurl libcjson libsodium libmicrohttpd sqlite3; do
  pkg-config --exists "$pc" 2>/dev/null || missing="$missing $pc"
done
if [ -n "$missing" ]; then
  echo "domec: missing build dependencies:$missing" >&2
  echo "  run 'make deps' as root (apt-get), or install the packages in mk/deps.txt" >&2
  exit 2
fi
