#!/usr/bin/env bash
# Installs the Debian packages outis needs to build and test, if any are missing.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libjansson-dev libxxhash-dev libcmocka-dev libsodium-dev libsqlite3-dev libssl-dev libhyperscan-dev python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
