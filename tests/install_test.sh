#!/usr/bin/env bash
# Installs the build tree into a temporary prefix and builds the example against it with
# pkg-config, then checks the man page and the installed program.
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
libdir=$(ls -d "$prefix"/lib*/ | head -n1)
pc=$(find "$prefix" -name outis.pc | head -n1)
test -n "$pc" || { echo "no outis.pc installed"; exit 1; }
test -f "$prefix/include/outis.h" -a -f "$prefix/include/outis/risk.h"
test -f "$prefix/share/man/man1/outis.1"
sed -i "s|^prefix=.*|prefix=$prefix|" "$pc"
export PKG_CONFIG_PATH=$(dirname "$pc")
cc -std=c11 -o "$prefix/ex" "$src/examples/risk_api.c" $(pkg-config --cflags outis) \
   "$libdir/liboutis.a" -lpthread -lm
"$prefix/ex" "$src/examples/patients.csv" >/dev/null
"$prefix/bin/outis" --version | grep -q '^outis '
echo "install ok"
