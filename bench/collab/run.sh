#!/usr/bin/env bash
# Runs the collaboration benchmarks of issue 4 (bench/collab/README.md) and
# prints the markdown to paste into BENCHMARKS.md; progress goes to stderr.
#   bench/collab/run.sh [flags of go run ./bench/collab …]
# Environment: BIN (an ensemble binary; default: built into a temp folder),
# TRACE (the automerge-paper trace), TRACE_EDITS (edits replayed through the
# servers and replica.apply; default 0: all 259,778).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  go build -o "$tmp/ensemble" ./cmd/ensemble
  bin=$tmp/ensemble
fi
if [ ! -d bench/collab/node/node_modules ]; then
  (cd bench/collab/node && npm ci --no-audit --no-fund >&2)
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
go build -o "$tmp/collab" ./bench/collab
trace=${TRACE:-../shared/data/editing-traces/sequential_traces_automerge-paper.json.gz}
args=()
if [ -f "$trace" ]; then
  args=(-trace "$trace" -trace-edits "${TRACE_EDITS:-0}")
else
  echo "bench/collab: no trace at $trace (set TRACE): skipping the trace replays" >&2
fi
echo "bench/collab: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run" >&2
timeout 30m "$tmp/collab" -bin "$bin" -node bench/collab/node "${args[@]}" "$@"
echo "bench/collab: load average $(cut -d' ' -f1-3 /proc/loadavg) after the run" >&2
