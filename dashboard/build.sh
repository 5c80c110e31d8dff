#!/usr/bin/env bash
# Type-checks the dashboard (strict) and bundles it into dist/ with fingerprinted asset names.
# Toolchain: Debian's node-typescript, esbuild, node-react, node-react-dom and node-chart.js (no npm registry).
set -euo pipefail
cd "$(dirname "$0")"
MODULES=/usr/share/nodejs
for need in tsc esbuild; do command -v "$need" >/dev/null || { echo "dashboard: $need is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }; done
for module in react react-dom chart.js @types/react; do
  [ -d "$MODULES/$module" ] || { echo "dashboard: $MODULES/$module is missing (Debian's node packages)" >&2; exit 1; }
done

tsc -p tsconfig.json

out=dist
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
NODE_PATH=$MODULES esbuild src/main.tsx --bundle --minify --sourcemap --format=esm --target=es2020 \
  --jsx=automatic --define:process.env.NODE_ENV='"production"' --log-level=warning \
  --entry-names='[name]-[hash]' --asset-names='[name]-[hash]' --outdir="$staging/assets" --metafile="$staging/meta.json"
script=$(cd "$staging/assets" && ls main-*.js | head -1)
style=$(cd "$staging/assets" && ls main-*.css 2>/dev/null | head -1 || true)
[ -n "$script" ] || { echo "dashboard: esbuild wrote no bundle" >&2; exit 1; }
stylesheet=""
[ -n "$style" ] && stylesheet="<link rel=\"stylesheet\" href=\"/assets/$style\">"
sed -e "s#<!-- STYLES -->#$stylesheet#" -e "s#<!-- SCRIPT -->#<script type=\"module\" src=\"/assets/$script\"></script>#" index.html > "$staging/index.html"
cp public/* "$staging/" 2>/dev/null || true
rm -f "$staging/meta.json"
# A gzip copy beside each text file: the gateway sends it to browsers that accept gzip (a third of the bytes).
find "$staging" -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.map' \) -exec gzip -9 -k -n {} +
# Replace dist/ in one step, so a running gateway never serves half a build.
rm -rf "$out.next" && mv "$staging" "$out.next" && chmod -R a+rX "$out.next" && rm -rf "$out" && mv "$out.next" "$out"
trap - EXIT
echo "dashboard: built $out/assets/$script ($(du -k "$out/assets/$script" | cut -f1) KiB)"
