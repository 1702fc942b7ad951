#!/usr/bin/env bash
# Install the NHS.UK frontend from npm (pinned in style/package-lock.json) and build
# style/vendor/ from it. Nothing from npm is committed; this runs on every fresh machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

command -v npm >/dev/null 2>&1 || { echo "scripts/style.sh: npm is needed (Node 20+)" >&2; exit 1; }
if [[ ! -d style/node_modules || style/package-lock.json -nt style/node_modules ]]; then
  npm ci --prefix style --no-audit --no-fund
fi
if [[ ! -f style/vendor/nhsuk-frontend.min.css || style/build.mjs -nt style/vendor/nhsuk-frontend.min.css \
      || style/node_modules -nt style/vendor/nhsuk-frontend.min.css ]]; then
  node style/build.mjs
fi
