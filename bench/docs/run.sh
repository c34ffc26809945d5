#!/usr/bin/env bash
# Runs the Docs benchmark of issue 5 (bench/docs/README.md) and prints the
# markdown section to paste into BENCHMARKS.md; progress goes to stderr.
# Environment: BIN (an ensemble binary with the web UI embedded, from make
# build; default bin/ensemble), TRACE (the automerge-paper trace),
# CHROMIUM_PATH (default /usr/bin/chromium), TYPISTS, RATE, WARMUP,
# WINDOW, LOADS, EXPORT_RUNS (see the README).
set -euo pipefail
cd "$(dirname "$0")/../.."
export BIN=${BIN:-bin/ensemble}
if [ ! -x "$BIN" ]; then
  echo "bench/docs: no binary at $BIN: run make build (the web UI must be embedded) or set BIN" >&2
  exit 1
fi
export TRACE=${TRACE:-../shared/data/editing-traces/sequential_traces_automerge-paper.json.gz}
if [ ! -d bench/docs/node_modules ]; then
  (cd bench/docs && npm ci --no-audit --no-fund >&2)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
timeout -k 10s 5m node bench/docs/bench.mjs
