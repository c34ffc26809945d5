#!/usr/bin/env bash
# Runs the Drive and WebDAV benchmarks of issue 6 (bench/drive/README.md)
# and prints the markdown to paste into BENCHMARKS.md; progress goes to
# stderr.
#   bench/drive/run.sh [flags of go run ./bench/drive …]   e.g. -quick
# Environment: BIN (an ensemble binary; default: built into a temp folder),
# RCLONE (default: rclone on the PATH), TMPDIR (where the files go).
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${BIN:-}
if [ -z "$bin" ]; then
  go build -o "$tmp/ensemble" ./cmd/ensemble
  bin=$tmp/ensemble
fi
go build -o "$tmp/bare" ./bench/drive/bare
go build -o "$tmp/drive" ./bench/drive
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
timeout 60m "$tmp/drive" -bin "$bin" -bare "$tmp/bare" -rclone "${RCLONE:-rclone}" "$@"
