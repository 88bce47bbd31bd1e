#!/usr/bin/env bash
# Debian packages the build and the whole test suite need: a C++ toolchain and libsecret
# to compile better-sqlite3 and keytar, dbus + gnome-keyring for the real-keychain tests,
# Chromium for the dashboard tests, 7-Zip for electron-builder's packaging check, openssl to
# make the self-signed certificate the CONNECT-tunnel proxy tests need.
# Run as root (or with sudo). Installs only what is missing.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
packages=(build-essential python3 pkg-config libsecret-1-dev dbus gnome-keyring chromium p7zip-full openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Run: sudo bash scripts/install-system-deps.sh" >&2
  exit 1
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
