#!/usr/bin/env bash
# Build and start LDR Assurance as a demonstration on an embedded SQLite file
# (data/ldr.sqlite), loading the Gloucestershire 2016 roadmap and the demo accounts the first
# time (--demo), with one small synthetic footprint (SYN01, eight quarters of history, its own
# demo accounts: see the README). A real service runs `ldr serve` without --demo (`--init` the first time).
# Extra arguments go to `ldr serve` (e.g. --bind 0.0.0.0:8080); see `ldr serve --help`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/style.sh
cargo build --release --bin ldr
exec target/release/ldr serve --demo "$@"
