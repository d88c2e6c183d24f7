#!/usr/bin/env bash
# Check for the Debian packages the application needs, and install what is missing.
#   scripts/system-deps.sh          Pango and fonts, for WeasyPrint's written reports
#   scripts/system-deps.sh --test   also Chromium (browser tests) and poppler-utils (pdftoppm)
# Installs with apt-get when run as root (or through sudo); otherwise prints the exact command.
set -euo pipefail

packages=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }

have_lib "libpango-1.0.so.0" || packages+=(libpango-1.0-0)
have_lib "libpangoft2-1.0.so.0" || packages+=(libpangoft2-1.0-0)
have_lib "libharfbuzz-subset.so.0" || packages+=(libharfbuzz-subset0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null 2>&1 || packages+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || packages+=(poppler-utils)
fi

[ ${#packages[@]} -eq 0 ] && exit 0

cmd="apt-get install -y --no-install-recommends ${packages[*]}"
if [ "$(id -u)" = "0" ]; then
  echo "Installing system packages: ${packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $cmd
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  echo "Installing system packages with sudo: ${packages[*]}"
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive $cmd
else
  echo "Missing system packages. Install them with:" >&2
  echo "  sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
