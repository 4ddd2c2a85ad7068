#!/usr/bin/env bash
# Refresh the JavaScript and the Persian font we serve ourselves from the npm registry. The results are
# committed under backend/static/vendor/, so running Mahalleh needs neither npm
# nor the internet; run this only to change a version.
set -euo pipefail
LEAFLET=1.9.4
IDB=8.0.4
MARKERCLUSTER=1.5.3
FULLSCREEN=3.0.2
VECTORGRID=1.3.0
VAZIRMATN=33.0.3
AXE=4.14.1  # axe-core, for the tests only: injected into the pages the browser tests open
dest="$(cd "$(dirname "$0")/.." && pwd)/backend/static/vendor"
tests="$(cd "$(dirname "$0")/.." && pwd)/tests/vendor/axe-core"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
unpack() { # unpack <package> <version> <directory>
  npm pack --silent "$1@$2" >/dev/null
  mkdir "$3" && tar xzf "$1-$2.tgz" -C "$3" --strip-components=1
}
unpack leaflet "$LEAFLET" leaflet
unpack idb "$IDB" idb
unpack leaflet.markercluster "$MARKERCLUSTER" markercluster
unpack leaflet.fullscreen "$FULLSCREEN" fullscreen
unpack leaflet.vectorgrid "$VECTORGRID" vectorgrid
unpack vazirmatn "$VAZIRMATN" vazirmatn
unpack axe-core "$AXE" axe-core
rm -rf "$dest"
mkdir -p "$dest/leaflet" "$dest/idb" "$dest/markercluster" "$dest/fullscreen" "$dest/vectorgrid" "$dest/vazirmatn"
cp -r leaflet/dist/leaflet.js leaflet/dist/leaflet.css leaflet/dist/images leaflet/LICENSE "$dest/leaflet/"
cp idb/build/umd.js "$dest/idb/idb.umd.js"
cp idb/LICENSE "$dest/idb/"
cp markercluster/dist/leaflet.markercluster.js markercluster/dist/MarkerCluster.css \
  markercluster/dist/MarkerCluster.Default.css markercluster/MIT-LICENCE.txt "$dest/markercluster/"
cp fullscreen/Control.FullScreen.js fullscreen/Control.FullScreen.css fullscreen/icon-fullscreen.svg \
  fullscreen/LICENSE "$dest/fullscreen/"
# VectorGrid ships no licence file; its package.json says Beerware (kept beside it).
cp vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js vectorgrid/package.json "$dest/vectorgrid/"
# The pages and the PDF reports use Vazirmatn's regular and bold faces (TrueType: WeasyPrint reads it).
cp vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf vazirmatn/OFL.txt "$dest/vazirmatn/"
printf 'leaflet %s\nidb %s\nleaflet.markercluster %s\nleaflet.fullscreen %s\nleaflet.vectorgrid %s\nvazirmatn %s\n' \
  "$LEAFLET" "$IDB" "$MARKERCLUSTER" "$FULLSCREEN" "$VECTORGRID" "$VAZIRMATN" >"$dest/VERSIONS"
rm -rf "$tests" && mkdir -p "$tests"
cp axe-core/axe.min.js axe-core/LICENSE "$tests/"
echo "axe-core $AXE" >"$tests/VERSION"
echo "vendored into $dest and $tests"
