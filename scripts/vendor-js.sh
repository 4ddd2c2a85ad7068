#!/usr/bin/env bash
# Refresh the JavaScript we serve ourselves from the npm registry. The results are
# committed under fieldapp/static/vendor/, so running Mahalleh needs neither npm
# nor the internet; run this only to change a version.
set -euo pipefail
LEAFLET=1.9.4
IDB=8.0.4
dest="$(cd "$(dirname "$0")/.." && pwd)/fieldapp/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "leaflet@$LEAFLET" "idb@$IDB" >/dev/null
tar xzf "leaflet-$LEAFLET.tgz" && mv package leaflet
tar xzf "idb-$IDB.tgz" && mv package idb
rm -rf "$dest/leaflet" "$dest/idb"
mkdir -p "$dest/leaflet" "$dest/idb"
cp -r leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/dist/images leaflet/LICENSE "$dest/leaflet/"
cp idb/build/umd.js "$dest/idb/idb.umd.js"
cp idb/LICENSE "$dest/idb/"
printf 'leaflet %s\nidb %s\n' "$LEAFLET" "$IDB" >"$dest/VERSIONS"
echo "vendored into $dest"
