#!/bin/sh
# mk/deb.sh BIN SHARE VERSION BUILD: builds BUILD/domec_VERSION_ARCH.deb
# with dpkg-deb: what `make install PREFIX=/usr` installs, a control file
# whose Depends are the packages of the shared libraries the binaries link
# directly (dpkg-shlibdeps would need a debian/ tree; objdump names the
# libraries, ldd finds them, dpkg -S their packages).
set -eu
bin=$1 share=$2 version=$3 build=$4
arch=$(dpkg --print-architecture)
root=$build/deb/root
rm -rf "$build/deb"
mkdir -p "$root/DEBIAN"
sh "$(dirname "$0")/install.sh" "$bin" "$share" "$root/usr" >/dev/null
# Depends: the Debian package of every shared library domec and cfemu link
needed() { # the libraries binary $1 links directly, as paths
  ldd "$1" | awk -v want="$(objdump -p "$1" | awk '/NEEDED/ { printf " %s ", $2 }')" \
    'index(want, " " $1 " ") && $3 ~ /^\// { print $3 }'
}
depends=$(for b in "$root/usr/bin/domec" "$root/usr/bin/cfemu"; do [ -f "$b" ] && needed "$b"; done |
  sort -u | while read -r lib; do
    dpkg -S "$lib" 2>/dev/null || dpkg -S "$(readlink -f "$lib")" 2>/dev/null || true
  done | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g')
size=$(du -sk "$root/usr" | cut -f1)
cat >"$root/DEBIAN/control" <<CONTROL
Package: domec
Version: $version
Architecture: $arch
Maintainer: domec developers <domec@localhost>
Installed-Size: $size
Depends: $depends
Section: admin
Priority: optional
Description: infrastructure as code for Cloudflare
 domec turns .dome programs into Cloudflare resources (D1, R2, Vectorize,
 Queues, Workers): check, preview, apply, refresh and destroy per stack.
 cfemu, a local emulator of the Cloudflare API, comes with it.
CONTROL
out=$build/domec_${version}_${arch}.deb
dpkg-deb --root-owner-group --build "$root" "$out" >/dev/null
echo "$out"
