// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

//go:build pprof

package main

import (
	"log"
	"net"
	"net/http"
	_ "net/http/pprof" // the profiler's handlers, on their own listener
	"os"
)

// With `go build -tags pprof`, ENSEMBLE_PPROF=127.0.0.1:6060 serves Go's
// profiler on that loopback address, for the benchmarks (see
// bench/collab/README.md). Release builds do not include it.
func init() {
	addr := os.Getenv("ENSEMBLE_PPROF")
	if addr == "" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		log.Fatalf("ENSEMBLE_PPROF=%q: want a loopback host:port", addr)
	}
	go func() { log.Println(http.ListenAndServe(addr, nil)) }()
}
