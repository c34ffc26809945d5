// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// traceResult is one replay of the editing trace.
type traceResult struct {
	what, who string
	dur       time.Duration
	detail    string
	ok        bool
	cpu       time.Duration // server CPU, for replays through a server
	peakKB    int64
}

// netOut is what trace-net.mjs prints.
type netOut struct {
	Edits   int     `json:"edits"`
	TypeMs  float64 `json:"typeMs"`
	TotalMs float64 `json:"totalMs"`
	Equal   bool    `json:"equal"`
	Fresh   bool    `json:"freshEqual"`
	Length  int     `json:"length"`
	Full    bool    `json:"endContent"`
}

// localOut is what trace-local.mjs prints.
type localOut struct {
	Updates   int       `json:"updates"`
	Bytes     int       `json:"bytes"`
	ApplyMs   []float64 `json:"applyMs"`
	Equal     bool      `json:"equal"`
	StateSize int       `json:"stateBytes"`
	Prefix    int       `json:"prefix"`
	PrefixMs  []float64 `json:"prefixMs"`
}

// runTraces replays the trace through each server with the stock yjs
// clients, then in-process with yjs and with Ensemble's engine. edits > 0
// limits the replays through the servers and through replica.apply to the
// first edits of the trace.
func runTraces(ctx context.Context, trace, nodeDir string, edits int, names []string, starters map[string]func(context.Context) (*server, error)) ([]traceResult, error) {
	trace, err := filepath.Abs(trace)
	if err != nil {
		return nil, err
	}
	var out []traceResult
	for _, name := range names {
		s, err := starters[name](ctx)
		if err != nil {
			return nil, err
		}
		r, err := netTrace(ctx, s, trace, nodeDir, edits)
		s.stop()
		if err != nil {
			return nil, fmt.Errorf("%s: %w\nserver log:\n%s", name, err, tail(s.Log.String(), 2000))
		}
		log.Printf("collab: trace through %s: %s, %s", r.who, r.dur.Round(time.Millisecond), r.detail)
		out = append(out, r)
	}

	tmp, err := os.MkdirTemp("", "ensemble-bench-trace-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	updates := filepath.Join(tmp, "updates.bin")
	var lo localOut
	if err := runJSON(ctx, exec.CommandContext(ctx, "node", filepath.Join(nodeDir, "trace-local.mjs"), trace, updates, strconv.Itoa(edits)), &lo); err != nil {
		return nil, err
	}
	yjs := traceResult{what: "in-process, every update", who: "yjs 13.6 (Node): Y.applyUpdate", dur: medianMs(lo.ApplyMs), ok: lo.Equal,
		detail: fmt.Sprintf("%d updates (%.1f MB) made by a yjs client, median of %d", lo.Updates, float64(lo.Bytes)/1e6, len(lo.ApplyMs))}
	log.Printf("collab: trace in yjs: %s", yjs.dur.Round(time.Millisecond))

	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "^BenchmarkTrace$", "-benchtime", "1x", "-count", "1", "-timeout", "30m", "./internal/collab")
	cmd.Env = append(os.Environ(), "ENSEMBLE_TRACE_UPDATES="+updates, "ENSEMBLE_TRACE_REPLICA_UPDATES="+strconv.Itoa(lo.Prefix))
	b, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench BenchmarkTrace: %w\n%s", err, b)
	}
	ns := map[string]time.Duration{}
	for _, m := range regexp.MustCompile(`BenchmarkTrace/(\w+)\S*\s+\d+\s+(\d+) ns/op`).FindAllSubmatch(b, -1) {
		v, _ := strconv.ParseInt(string(m[2]), 10, 64)
		ns[string(m[1])] = time.Duration(v)
	}
	if ns["engine"] == 0 || ns["replica"] == 0 {
		return nil, fmt.Errorf("no BenchmarkTrace results in:\n%s", b)
	}
	engine := traceResult{what: "in-process, every update", who: "Ensemble's engine (ygo, GC off): ApplyUpdateV1", dur: ns["engine"], ok: true,
		detail: fmt.Sprintf("the same updates, one run; **%.2f× yjs's time**", float64(ns["engine"])/float64(yjs.dur))}
	out = append(out, yjs, engine)
	what, ref := "in-process, every update", yjs
	if lo.Prefix < lo.Updates {
		what = fmt.Sprintf("in-process, first %d updates", lo.Prefix)
		ref = traceResult{what: what, who: "yjs 13.6 (Node): Y.applyUpdate", dur: medianMs(lo.PrefixMs), ok: true,
			detail: fmt.Sprintf("median of %d", len(lo.PrefixMs))}
		out = append(out, ref)
	}
	replica := traceResult{what: what, who: "Ensemble's server path: replica.apply", dur: ns["replica"], ok: true,
		detail: fmt.Sprintf("validation, and what each update changed (stored, relayed); one run; **%.2f× yjs's time**", float64(ns["replica"])/float64(ref.dur))}
	log.Printf("collab: trace in Go: engine %s, replica.apply (%d updates) %s", engine.dur.Round(time.Millisecond), lo.Prefix, replica.dur.Round(time.Millisecond))
	return append(out, replica), nil
}

// netTrace has trace-net.mjs type the trace into a fresh document of s.
func netTrace(ctx context.Context, s *server, trace, nodeDir string, edits int) (traceResult, error) {
	doc, err := s.newDoc(ctx, "trace")
	if err != nil {
		return traceResult{}, err
	}
	s0, err := benchenv.ReadProc(s.pid())
	if err != nil {
		return traceResult{}, err
	}
	cmd := exec.CommandContext(ctx, "node", filepath.Join(nodeDir, "trace-net.mjs"), trace, strconv.Itoa(edits))
	cmd.Env = append(os.Environ(), "BENCH_WS="+s.base, "BENCH_DOC="+doc, "BENCH_TOKEN="+s.token)
	var o netOut
	if err := runJSON(ctx, cmd, &o); err != nil {
		return traceResult{}, err
	}
	s1, err := benchenv.ReadProc(s.pid())
	if err != nil {
		return traceResult{}, err
	}
	what := "typed through the server, every edit"
	if !o.Full {
		what = fmt.Sprintf("typed through the server, first %d edits", o.Edits)
	}
	return traceResult{what: what, who: s.name, dur: time.Duration(o.TotalMs * float64(time.Millisecond)),
		ok: o.Equal && o.Fresh, cpu: s1.CPU - s0.CPU, peakKB: s1.PeakRSS >> 10,
		detail: fmt.Sprintf("typed in %.1f s; watcher's text right: %v, a fresh client's: %v", o.TypeMs/1000, o.Equal, o.Fresh)}, nil
}

// runJSON runs a command, bounded to 10 minutes, and decodes the last line
// of its standard output as JSON into v.
func runJSON(ctx context.Context, cmd *exec.Cmd, v any) error {
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%s: %w\n%s%s", cmd.Args, err, stdout.String(), tail(stderr.String(), 4000))
		}
	case <-time.After(10 * time.Minute):
		cmd.Process.Kill()
		<-done
		return fmt.Errorf("%s: no result after 10 minutes", cmd.Args)
	}
	lines := bytes.Split(bytes.TrimSpace(stdout.Bytes()), []byte("\n"))
	if err := json.Unmarshal(lines[len(lines)-1], v); err != nil {
		return fmt.Errorf("%s: %w in %q", cmd.Args, err, stdout.String())
	}
	return nil
}

func medianMs(ms []float64) time.Duration {
	if len(ms) == 0 {
		return 0
	}
	s := append([]float64(nil), ms...)
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return time.Duration(s[len(s)/2] * float64(time.Millisecond))
}

// printTraces writes the trace table.
func printTraces(w io.Writer, traces []traceResult) {
	if len(traces) == 0 {
		return
	}
	fmt.Fprintln(w, "| editing trace (automerge-paper, 259,778 edits) | by | time | final text right | server CPU | server peak RSS | notes |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, t := range traces {
		cpu, peak := "—", "—"
		if t.peakKB > 0 {
			cpu, peak = fmt.Sprintf("%.1f s", t.cpu.Seconds()), fmt.Sprintf("%.0f MB", mb(t.peakKB))
		}
		fmt.Fprintf(w, "| %s | %s | %.2f s | %s | %s | %s | %s |\n", t.what, t.who, t.dur.Seconds(), yesNo(t.ok), cpu, peak, t.detail)
	}
	fmt.Fprintln(w)
}
