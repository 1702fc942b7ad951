#!/usr/bin/env bash
# Every test: lint, unit and integration tests (real SQLite files, real HTTP on port 0),
# then the browser tests in Debian's Chromium with axe-core. Installs what they need.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== NHS.UK frontend (npm)"
bash scripts/style.sh

echo "== clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== unit and integration tests"
# Also builds target/debug/ldr: the command-line tests run the real binary.
cargo test --workspace

echo "== browser tests (Chromium, Playwright, axe-core)"
bash scripts/e2e.sh
