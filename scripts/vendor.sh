#!/usr/bin/env bash
# Copy the pinned front-end packages (package.json / package-lock.json) into the
# places the app serves them from. The copies are committed, so running the app
# and its tests needs no Node; run this (make vendor) only to change a version.
#
#   static/vendor/dkfds/   DKFDS CSS + JS, the icon sprite, and exactly the fonts
#                          and images the CSS url()s point at (relative paths kept)
#   static/vendor/plotly/  plotly.js basic bundle (same version as the PyPI plotly)
#   tests/e2e/vendor/      axe-core, injected by the browser tests only
#
# The one change made to copied files: the trailing sourceMappingURL comment is
# removed from the two DKFDS .min files, because the maps are not shipped and
# Django's manifest static storage refuses references to missing files.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

npm ci --no-audit --no-fund --ignore-scripts

NM="$ROOT/node_modules"
VENDOR="$ROOT/static/vendor"
E2E_VENDOR="$ROOT/tests/e2e/vendor"

version_of() {
    node -p "require('$NM/$1/package.json').version"
}

rm -rf "$VENDOR/dkfds" "$VENDOR/plotly" "$E2E_VENDOR/axe-core" "$E2E_VENDOR/axe.min.js"
mkdir -p "$VENDOR/dkfds/css" "$VENDOR/dkfds/js" "$VENDOR/dkfds/img" "$VENDOR/plotly" "$E2E_VENDOR"

# --- DKFDS -------------------------------------------------------------------
DKFDS_DIST="$NM/dkfds/dist"
sed -e '/sourceMappingURL=/d' "$DKFDS_DIST/css/dkfds.min.css" > "$VENDOR/dkfds/css/dkfds.min.css"
sed -e '/sourceMappingURL=/d' "$DKFDS_DIST/js/dkfds.min.js" > "$VENDOR/dkfds/js/dkfds.min.js"
cp "$DKFDS_DIST/img/all-svg-icons.svg" "$VENDOR/dkfds/img/"
cp "$NM/dkfds/LICENSE.md" "$VENDOR/dkfds/LICENSE.md"

# Every file the stylesheet references, relative to css/, so its url()s resolve.
grep -o 'url([^)]*)' "$VENDOR/dkfds/css/dkfds.min.css" \
    | sed -e 's/^url(//' -e 's/)$//' -e "s/^[\"']//" -e "s/[\"']$//" \
    | grep -v '^data:' | sed -e 's/[?#].*$//' | sort -u \
    | while read -r ref; do
        rel="${ref#../}"
        src="$DKFDS_DIST/$rel"
        if [[ ! -f "$src" ]]; then
            echo "vendor.sh: dkfds.min.css references missing $ref" >&2
            exit 1
        fi
        mkdir -p "$VENDOR/dkfds/$(dirname "$rel")"
        cp "$src" "$VENDOR/dkfds/$rel"
    done
# The IBM Plex Sans licence (SIL OFL 1.1) goes beside the fonts.
for dir in "$VENDOR"/dkfds/fonts/IBMPlexSans/complete/*/; do
    cp "$DKFDS_DIST/fonts/IBMPlexSans/complete/$(basename "$dir")/license.txt" "$dir"
done

# --- plotly.js (basic bundle: scatter, bar, pie) -------------------------------
cp "$NM/plotly.js-basic-dist-min/plotly-basic.min.js" "$VENDOR/plotly/"
cp "$NM/plotly.js-basic-dist-min/LICENSE" "$VENDOR/plotly/LICENSE"

# --- axe-core (browser tests only, not served by the app) ----------------------
cp "$NM/axe-core/axe.min.js" "$E2E_VENDOR/axe.min.js"
cp "$NM/axe-core/LICENSE" "$E2E_VENDOR/axe-core-LICENSE"
cp "$NM/axe-core/LICENSE-3RD-PARTY.txt" "$E2E_VENDOR/axe-core-LICENSE-3RD-PARTY.txt"

DKFDS_V="$(version_of dkfds)"
PLOTLY_V="$(version_of plotly.js-basic-dist-min)"
AXE_V="$(version_of axe-core)"

cat > "$VENDOR/README.md" <<README
# static/vendor

Third-party files copied by \`scripts/vendor.sh\` (\`make vendor\`) from the npm
packages pinned in \`package.json\` / \`package-lock.json\`. Never edit them by hand:
change the version in \`package.json\`, run \`npm install\`, then \`make vendor\`.

| folder | npm package | version | licence |
|---|---|---|---|
| \`dkfds/\` | dkfds | $DKFDS_V | MIT; IBM Plex Sans fonts SIL OFL 1.1; icons Apache-2.0 (see \`dkfds/LICENSE.md\`) |
| \`plotly/\` | plotly.js-basic-dist-min | $PLOTLY_V | MIT (\`plotly/LICENSE\`) |
| \`../../tests/e2e/vendor/axe.min.js\` | axe-core | $AXE_V | MPL-2.0 (\`tests/e2e/vendor/axe-core-LICENSE\`), used by browser tests only |

- \`dkfds/\` holds \`css/dkfds.min.css\` (neutral theme), \`js/dkfds.min.js\`, the icon
  sprite \`img/all-svg-icons.svg\`, and exactly the fonts and images the stylesheet's
  \`url()\`s point at, at the same relative paths as in the package's \`dist/\`.
  The trailing \`sourceMappingURL\` comment is removed from the two \`.min\` files
  (the maps are not shipped).
- plotly.js $PLOTLY_V is the version bundled by the PyPI \`plotly\` 7.x package, so
  figures built in Python render with the same library version.
README

echo "vendored:"
du -sh "$VENDOR/dkfds" "$VENDOR/plotly" "$E2E_VENDOR"
du -sch "$VENDOR" "$E2E_VENDOR" | tail -1
