#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
# SPDX-FileCopyrightText: The Ensemble authors
#
# Usage: scripts/with-s3-gateway.sh VERSITYGW_BIN CMD [ARGS...]
#
# Runs CMD with a real S3 gateway at hand: versitygw with its posix backend
# on a fresh temporary directory, listening on 127.0.0.1 on a free port,
# with a generated root access key and secret. CMD sees
#
#   ENSEMBLE_TEST_S3_URL   s3://ensemble-test/run?endpoint=127.0.0.1:PORT&region=us-east-1
#   AWS_ACCESS_KEY_ID      the generated access key
#   AWS_SECRET_ACCESS_KEY  the generated secret
#
# The bucket does not exist yet: the Go test (internal/blob/s3blob,
# TestGateway) creates it through minio-go, so no aws or s3cmd CLI is
# needed. Afterwards the gateway is stopped and its directory removed,
# whatever CMD's exit status, which is this script's exit status.
#
# If VERSITYGW_BIN is missing or does not run, CMD runs without a gateway
# (the gateway tests then skip, or fail when CI is set).
#
# Build the binary with:
#   GOBIN=bin/tools go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
set -euo pipefail

if [[ $# -lt 2 ]]; then
	echo "usage: $0 VERSITYGW_BIN CMD [ARGS...]" >&2
	exit 2
fi
gw_bin=$1
shift

if [[ ! -x "$gw_bin" ]] || ! "$gw_bin" --version >/dev/null 2>&1; then
	echo "with-s3-gateway: note: $gw_bin is missing or does not run; running without a real S3 gateway" >&2
	echo "with-s3-gateway: (the S3 gateway tests skip, or fail if CI is set)" >&2
	exec "$@"
fi

gw_dir=$(mktemp -d "${TMPDIR:-/tmp}/ensemble-s3gw.XXXXXX")
gw_pid=
stop_gateway() {
	if [[ -n "$gw_pid" ]] && kill -0 "$gw_pid" 2>/dev/null; then
		kill "$gw_pid" 2>/dev/null || true
		wait "$gw_pid" 2>/dev/null || true
	fi
	gw_pid=
	rm -rf "$gw_dir"
}
trap stop_gateway EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

random_hex() { # random_hex BYTES
	od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# port_answers PORT: something listens on 127.0.0.1:PORT.
port_answers() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

access_key=ENS$(random_hex 8 | tr a-f A-F)
secret_key=$(random_hex 20)
mkdir -p "$gw_dir/data"

# Pick a port that nothing answers on, start the gateway there, and wait
# for it to answer. If another process takes the port first, the gateway
# exits: try another.
port=
for _ in 1 2 3 4 5 6 7 8 9 10; do
	candidate=$((20000 + RANDOM % 40000))
	if port_answers "$candidate"; then
		continue
	fi
	ROOT_ACCESS_KEY_ID=$access_key ROOT_SECRET_ACCESS_KEY=$secret_key \
		"$gw_bin" --port "127.0.0.1:$candidate" --quiet posix "$gw_dir/data" \
		>"$gw_dir/gateway.log" 2>&1 </dev/null &
	gw_pid=$!
	for _ in $(seq 1 300); do # up to 30 s
		if ! kill -0 "$gw_pid" 2>/dev/null; then
			break
		fi
		if port_answers "$candidate"; then
			port=$candidate
			break 2
		fi
		sleep 0.1
	done
	# Not up: show why, and try another port.
	kill "$gw_pid" 2>/dev/null || true
	wait "$gw_pid" 2>/dev/null || true
	gw_pid=
	sed 's/^/with-s3-gateway: versitygw: /' "$gw_dir/gateway.log" >&2 || true
done
if [[ -z "$port" ]]; then
	echo "with-s3-gateway: versitygw did not start; giving up" >&2
	exit 1
fi
echo "with-s3-gateway: versitygw on 127.0.0.1:$port, data in $gw_dir/data" >&2

export ENSEMBLE_TEST_S3_URL="s3://ensemble-test/run?endpoint=127.0.0.1:$port&region=us-east-1"
export AWS_ACCESS_KEY_ID=$access_key
export AWS_SECRET_ACCESS_KEY=$secret_key
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE

status=0
"$@" || status=$?
if [[ $status -ne 0 && -s "$gw_dir/gateway.log" ]]; then
	echo "with-s3-gateway: gateway log (last lines):" >&2
	tail -n 20 "$gw_dir/gateway.log" | sed 's/^/with-s3-gateway: versitygw: /' >&2
fi
exit "$status"
