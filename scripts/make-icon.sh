#!/usr/bin/env bash
# Renders media/icon.png (128x128) from scripts/icon.svg. Needs rsvg-convert (Debian: librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
rsvg-convert --width 128 --height 128 --format png --output media/icon.png scripts/icon.svg
echo "media/icon.png: $(wc -c < media/icon.png) bytes"
