#!/usr/bin/env bash
# Browser tests: every role visits every page in Debian Chromium, with axe-core checks.
# Usage: scripts/e2e.sh            (from any directory; build the server first: cargo build --bin ldr)
# Env:   LDR_BIN=path/to/ldr       (default target/debug/ldr; relative paths are from the repo root)
#        LDR_E2E_SERVER_LOG=1      (copy the server's output to stderr)
# Extra arguments go to `node --test` (e.g. --test-name-pattern='signed out').
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$PWD

die() { echo "scripts/e2e.sh: $*" >&2; exit 1; }

# 1. The system browser (never `npx playwright install`: it downloads a browser and fails here).
if [[ ! -x /usr/bin/chromium ]]; then
  echo "scripts/e2e.sh: /usr/bin/chromium is missing; installing the Debian chromium package" >&2
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update && apt-get install -y chromium
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update && sudo apt-get install -y chromium
  else
    die "/usr/bin/chromium is missing and this is not root and sudo is not available; install the 'chromium' package as root first"
  fi
  [[ -x /usr/bin/chromium ]] || die "installing chromium did not provide /usr/bin/chromium"
fi

# 2. Node packages, from the committed lock file.
command -v node >/dev/null 2>&1 || die "node is not installed (Node 20+ is needed)"
if [[ ! -d e2e/node_modules || e2e/package-lock.json -nt e2e/node_modules ]]; then
  npm ci --prefix e2e --no-audit --no-fund
fi

# 3. The server binary.
export LDR_BIN="${LDR_BIN:-target/debug/ldr}"
case "$LDR_BIN" in
  /*) bin_path=$LDR_BIN ;;
  *) bin_path="$repo_root/$LDR_BIN" ;;
esac
[[ -x "$bin_path" ]] || die "server binary $bin_path not found: run \`cargo build --bin ldr\` first (or set LDR_BIN)"

# 4. The server serves ./style: vendor the NHS.UK frontend if that has not been done yet.
if [[ ! -d style/node_modules || style/package-lock.json -nt style/node_modules ]]; then
  npm ci --prefix style --no-audit --no-fund
fi
if [[ ! -f style/vendor/nhsuk-frontend.min.css || style/build.mjs -nt style/vendor/nhsuk-frontend.min.css \
      || style/node_modules -nt style/vendor/nhsuk-frontend.min.css ]]; then
  node style/build.mjs
fi

# 5. Run; `exec` hands node's exit code straight back to the caller.
exec node --test --test-concurrency=1 "$@" e2e/specs/
