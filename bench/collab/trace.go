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
}

// localOut is what trace-local.mjs prints.
type localOut struct {
	Updates   int       `json:"updates"`
	Bytes     int       `json:"bytes"`
	ApplyMs   []float64 `json:"applyMs"`
	Equal     bool      `json:"equal"`
	StateSize int       `json:"stateBytes"`
}

// runTraces replays the trace through each server with the stock yjs
// clients, then in-process with yjs and with Ensemble's engine.
func runTraces(ctx context.Context, trace, nodeDir string, names []string, starters map[string]func(context.Context) (*server, error)) ([]traceResult, error) {
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
		r, err := netTrace(ctx, s, trace, nodeDir)
		s.stop()
		if err != nil {
			return nil, fmt.Errorf("%s: %w\nserver log:\n%s", name, err, tail(s.log.String(), 2000))
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
	if err := runJSON(ctx, exec.CommandContext(ctx, "node", filepath.Join(nodeDir, "trace-local.mjs"), trace, updates), &lo); err != nil {
		return nil, err
	}
	yjs := traceResult{what: "in-process", who: "yjs 13.6 (Node), Y.applyUpdate", dur: medianMs(lo.ApplyMs), ok: lo.Equal,
		detail: fmt.Sprintf("%d updates (%.1f MB), median of %d", lo.Updates, float64(lo.Bytes)/1e6, len(lo.ApplyMs))}
	out = append(out, yjs)
	log.Printf("collab: trace in yjs: %s", yjs.dur.Round(time.Millisecond))

	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", "^BenchmarkTrace$", "-benchtime", "3x", "-count", "1", "./internal/collab")
	cmd.Env = append(os.Environ(), "ENSEMBLE_TRACE_UPDATES="+updates)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench BenchmarkTrace: %w\n%s", err, b)
	}
	m := regexp.MustCompile(`BenchmarkTrace\S*\s+\d+\s+(\d+) ns/op`).FindSubmatch(b)
	if m == nil {
		return nil, fmt.Errorf("no BenchmarkTrace result in:\n%s", b)
	}
	ns, _ := strconv.ParseInt(string(m[1]), 10, 64)
	goRes := traceResult{what: "in-process", who: "Ensemble engine (ygo), replica.apply", dur: time.Duration(ns), ok: true,
		detail: fmt.Sprintf("same updates, mean of 3; %.1f× yjs", float64(ns)/float64(yjs.dur))}
	log.Printf("collab: trace in Go: %s", goRes.dur.Round(time.Millisecond))
	return append(out, goRes), nil
}

// netTrace has trace-net.mjs type the trace into a fresh document of s.
func netTrace(ctx context.Context, s *server, trace, nodeDir string) (traceResult, error) {
	doc, err := s.newDoc(ctx, "trace")
	if err != nil {
		return traceResult{}, err
	}
	s0, err := readProc(s.pid())
	if err != nil {
		return traceResult{}, err
	}
	cmd := exec.CommandContext(ctx, "node", filepath.Join(nodeDir, "trace-net.mjs"), trace)
	cmd.Env = append(os.Environ(), "BENCH_WS="+s.base, "BENCH_DOC="+doc, "BENCH_TOKEN="+s.token)
	var o netOut
	if err := runJSON(ctx, cmd, &o); err != nil {
		return traceResult{}, err
	}
	s1, err := readProc(s.pid())
	if err != nil {
		return traceResult{}, err
	}
	return traceResult{what: "typed through the server", who: s.name, dur: time.Duration(o.TotalMs * float64(time.Millisecond)),
		ok: o.Equal && o.Fresh, cpu: s1.cpu - s0.cpu, peakKB: s1.peakRSSK,
		detail: fmt.Sprintf("%d edits sent in %.0f ms; watcher equal %v, fresh client equal %v", o.Edits, o.TypeMs, o.Equal, o.Fresh)}, nil
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
	fmt.Fprintln(w, "| editing trace (automerge-paper, 259,778 edits) | by | time | final text = endContent | server CPU | server peak RSS | notes |")
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
