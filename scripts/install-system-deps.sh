#!/usr/bin/env bash
# Install the distribution packages Mahalleh needs, only those that are missing.
# Usage: scripts/install-system-deps.sh [--for-tests]
set -euo pipefail

for_tests=0
[[ "${1:-}" == "--for-tests" ]] && for_tests=1

missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
need() { for p in "$@"; do have_pkg "$p" || missing+=("$p"); done; }

# GDAL, GEOS and PROJ come with gdal-bin; binutils lets ctypes find them.
need gdal-bin binutils
# PostgreSQL with PostGIS in the distribution's current version.
need postgresql postgresql-contrib postgresql-postgis
# Pango and HarfBuzz for WeasyPrint (the PDF reports).
need libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
python3 -m venv --help >/dev/null 2>&1 || need python3-venv
# Node.js runs the field app's module tests (node --test); any 18 or newer will do.
command -v node >/dev/null || need nodejs
command -v npm >/dev/null || need npm
if [[ $for_tests == 1 ]]; then
  # Debian's Chromium for the browser tests; a font with Persian glyphs for screenshots.
  need chromium fonts-noto-core
  # QGIS (PyQGIS and its OGC API provider), headless, to open /ogc/project.qgs in the tests.
  need python3-qgis qgis-providers
  # curl runs the README's API examples as written (tests/test_readme.py).
  command -v curl >/dev/null || need curl
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
