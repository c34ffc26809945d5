// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command collab benchmarks real-time collaboration servers speaking the
// y-websocket protocol: Ensemble (`ensemble serve`) against the reference
// Node server (npm @y/websocket-server, installed in bench/collab/node),
// started side by side in one run with the same load.
//
// The load: C websocket clients over D documents (client i edits document
// i mod D), each typing an 8-character insertion R times a second as a Yjs
// V1 update, after sync step 1 and an awareness update like a real client.
// Each edit is timed from just before it is written until each other
// client of its document receives it (found by the client ID and clock in
// the update the server relays). A step is sustained when at least 95 % of
// the offered edits were sent, 99.9 % of the deliveries made, no client was
// dropped and the p99 stays under -p99. From -rate, a bounded step search
// (doubling, then halving the interval) finds each server's highest
// sustained rate. Server CPU and memory come from /proc.
//
// With -trace, it also replays a real editing trace (see README.md): typed
// by one stock yjs client and watched by another through each server, and
// applied in-process by Ensemble's engine (go test -bench BenchmarkTrace
// ./internal/collab) and by yjs.
//
//	go run ./bench/collab -bin /tmp/ensemble -node bench/collab/node -trace ../shared/data/editing-traces/sequential_traces_automerge-paper.json.gz
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

func main() {
	bin := flag.String("bin", "bin/ensemble", "the ensemble binary")
	nodeDir := flag.String("node", "bench/collab/node", "folder with the npm packages (npm ci) and the Node scripts")
	targets := flag.String("targets", "ensemble,node", "servers to measure, in order: ensemble, node")
	conns := flag.Int("conns", 2000, "websocket connections (C)")
	docs := flag.Int("docs", 200, "documents (D)")
	rate := flag.Float64("rate", 2, "edits per second per client (R) of the first step")
	warmup := flag.Duration("warmup", 3*time.Second, "editing before the measurement window")
	measure := flag.Duration("measure", 10*time.Second, "measurement window of each step")
	drain := flag.Duration("drain", 2*time.Second, "wait after the last edit for late deliveries")
	p99 := flag.Duration("p99", 50*time.Millisecond, "p99 latency bound of a sustained step")
	steps := flag.Int("steps", 6, "most load steps per server (1: only -rate)")
	trace := flag.String("trace", "", "gzipped sequential editing trace to replay (empty: skip)")
	traceEdits := flag.Int("trace-edits", 0, "replay only the first edits of the trace through the servers and replica.apply (0: all)")
	flag.Parse()
	startLoad := benchenv.LoadAvg()

	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) == nil && rl.Cur < rl.Max {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
	if need := uint64(2**conns + 256); rl.Cur < need {
		log.Printf("collab: warning: %d open files allowed, %d needed", rl.Cur, need)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	starters := map[string]func(context.Context) (*server, error){
		"ensemble": func(ctx context.Context) (*server, error) { return startEnsemble(ctx, *bin) },
		"node":     func(ctx context.Context) (*server, error) { return startNode(ctx, *nodeDir) },
	}
	var names []string
	for n := range strings.SplitSeq(*targets, ",") {
		if starters[n] == nil {
			log.Fatalf("collab: unknown target %q", n)
		}
		names = append(names, n)
	}

	base := loadParams{conns: *conns, docs: *docs, rate: *rate, warmup: *warmup, measure: *measure, drain: *drain}
	bound := float64(*p99) / float64(time.Millisecond)
	searches := make([]*search, len(names))
	for i, n := range names {
		searches[i] = &search{target: n, next: *rate, left: *steps}
	}
	var results []loadResult
	// Interleave the servers step by step, so that a noisy minute on the
	// shared machine hits both.
	for active := true; active && ctx.Err() == nil; {
		active = false
		for _, s := range searches {
			if s.left == 0 {
				continue
			}
			active = true
			p := base
			p.rate = s.next
			res, err := oneStep(ctx, starters[s.target], p)
			if err != nil {
				log.Fatalf("collab: %s at %g edits/s per client: %v", s.target, p.rate, err)
			}
			log.Printf("collab: %s", res.summary(bound))
			results = append(results, res)
			s.record(res.ok(bound))
		}
	}
	var traces []traceResult
	if *trace != "" && ctx.Err() == nil {
		var err error
		traces, err = runTraces(ctx, *trace, *nodeDir, *traceEdits, names, starters)
		if err != nil {
			log.Fatalf("collab: trace: %v", err)
		}
	}
	printReport(os.Stdout, startLoad, base, bound, searches, results, traces)
}

// oneStep starts a fresh server, runs one load step against it and stops it.
func oneStep(ctx context.Context, start func(context.Context) (*server, error), p loadParams) (loadResult, error) {
	s, err := start(ctx)
	if err != nil {
		return loadResult{}, err
	}
	defer s.stop()
	res, err := runLoad(ctx, s, p)
	if err != nil {
		return res, fmt.Errorf("%w\nserver log:\n%s", err, tail(s.Log.String(), 2000))
	}
	return res, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// search is the bounded step search of one server's highest sustained
// rate: it doubles the rate while steps pass, then bisects between the
// highest pass and the lowest failure until they are within 25 %.
type search struct {
	target     string
	next       float64
	left       int
	pass, fail float64 // highest sustained and lowest failed rates; 0: none yet
}

func (s *search) record(ok bool) {
	s.left--
	if ok {
		s.pass = s.next
	} else {
		s.fail = s.next
	}
	switch {
	case s.fail == 0:
		s.next *= 2
	case s.pass == 0:
		s.next /= 2
	default:
		s.next = (s.pass + s.fail) / 2
	}
	if s.fail != 0 && s.pass != 0 && s.fail/s.pass <= 1.25 || s.next < 0.05 {
		s.left = 0
	}
}
