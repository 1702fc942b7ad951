#!/usr/bin/env bash
# Every test: Cargo.lock against known vulnerabilities, lint, unit and integration tests
# (real SQLite files, real HTTP on port 0), then the browser tests in Debian's Chromium with
# axe-core. Installs what they need.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== NHS.UK frontend (npm)"
bash scripts/style.sh

echo "== known vulnerabilities in Cargo.lock (cargo audit, RustSec snapshot)"
# Exceptions, each with its reason, are in .cargo/audit.toml.
if ! cargo audit --version >/dev/null 2>&1; then
  cargo install cargo-audit --locked
fi
# The RustSec snapshot beside the checkout (offline machines), else RustSec's own database.
ADVISORY_DB="${LDR_ADVISORY_DB:-../shared/advisory-db}"
if [ -d "$ADVISORY_DB/crates" ]; then
  cargo audit --db "$ADVISORY_DB" --no-fetch --stale
else
  echo "no RustSec snapshot at $ADVISORY_DB (set LDR_ADVISORY_DB): fetching RustSec's database"
  cargo audit
fi

echo "== formatting (cargo fmt --check)"
cargo fmt --all --check

echo "== clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== poppler-utils (pdftotext reads the reports' PDFs back in the tests)"
if ! command -v pdftotext >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update && apt-get install -y poppler-utils
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update && sudo apt-get install -y poppler-utils
  else
    echo "pdftotext is missing and this is not root: install the 'poppler-utils' package first" >&2
    exit 1
  fi
fi

echo "== unit and integration tests"
# Also builds target/debug/ldr: the command-line tests run the real binary.
cargo test --workspace

echo "== browser tests (Chromium, Playwright, axe-core)"
bash scripts/e2e.sh
