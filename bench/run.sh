#!/usr/bin/env bash
# Runs the benchmarks recorded in BENCHMARKS.md. Needs `make build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(go version | cut -d' ' -f3)"
go run ./bench/startup -bin bin/ensemble -n "${N:-20}"
go test -run '^$' -bench . -benchmem -count 1 ./internal/bus/ ./internal/blob/...
BIN=bin/ensemble bench/collab/run.sh
BIN=bin/ensemble bench/docs/run.sh
BIN=bin/ensemble bench/drive/run.sh
