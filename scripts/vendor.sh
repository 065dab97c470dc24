#!/usr/bin/env bash
# Copies the installed npm assets to static/vendor, which Streamlit serves at /app/static/vendor.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=static/vendor
rm -rf "$dest"
mkdir -p "$dest"
copy() { mkdir -p "$dest/$2"; cp -r "node_modules/$1"/. "$dest/$2"/; }
copy leaflet/dist leaflet
copy leaflet.markercluster/dist leaflet.markercluster
copy leaflet.awesome-markers/dist leaflet.awesome-markers
copy jquery/dist jquery
copy bootstrap/dist bootstrap
copy @fortawesome/fontawesome-free/css fontawesome/css
copy @fortawesome/fontawesome-free/webfonts fontawesome/webfonts
copy vis-network/standalone vis-network
mkdir -p "$dest/axe-core" && cp node_modules/axe-core/axe.min.js "$dest/axe-core/"
