// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// summary is a one-line account of a step, for the progress log.
func (r loadResult) summary(bound float64) string {
	s := fmt.Sprintf("%s C=%d D=%d R=%g: sent %.0f/s, delivered %.0f/s (%.2f%%), p50 %.1f ms, p99 %.1f ms, server %.2f cores, peak %.0f MB, generator %.2f cores, connect %s, sustained %v",
		r.server, r.conns, r.docs, r.rate, r.perSec(r.sent), r.perSec(r.delivered()), r.deliveredPct(),
		r.quantile(0.5), r.quantile(0.99), r.cores(r.serverCPU), mb(r.serverPeakKB), r.cores(r.genCPU),
		r.connect.Round(time.Millisecond), r.ok(bound))
	if r.dupes > 0 {
		s += fmt.Sprintf("; %d duplicate deliveries", r.dupes)
	}
	if r.dropped > 0 {
		s += fmt.Sprintf("; %d connections failed, first: %s", r.dropped, r.firstErr)
	}
	return s
}

func (r loadResult) perSec(n int64) float64 { return float64(n) / r.window.Seconds() }

func (r loadResult) cores(d time.Duration) float64 { return d.Seconds() / r.window.Seconds() }

func (r loadResult) deliveredPct() float64 {
	if r.expected == 0 {
		return 0
	}
	return 100 * float64(r.delivered()) / float64(r.expected)
}

func mb(kb int64) float64 { return float64(kb) / 1024 }

// printReport writes the markdown to paste into BENCHMARKS.md.
func printReport(w io.Writer, startLoad string, p loadParams, bound float64, searches []*search, results []loadResult, traces []traceResult) {
	hw := benchenv.ReadMachine()
	fmt.Fprintf(w, "**%s**, %d cores (%s), %s, %s/%s, %s; load generator and servers on the same machine, loopback only; load average %s before the run, %s after.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), hw.Cores, hw.CPU, fmt.Sprintf("%.0f GiB", float64(hw.MemBytes)/(1<<30)), runtime.GOOS, runtime.GOARCH, runtime.Version(), startLoad, benchenv.LoadAvg())
	fmt.Fprintf(w, "Load: %s connections over %s documents, %s warm-up then a %s window per step, fresh server per step; a step is sustained when ≥95 %% of the offered edits are sent, ≥99.9 %% of the deliveries made, no connection fails and p99 < %.0f ms.\n\n",
		thousands(float64(p.conns)), thousands(float64(p.docs)), p.warmup, p.measure, bound)
	fmt.Fprintln(w, "| server | edits/s per client | offered edits/s | sent edits/s | deliveries/s | delivered | p50 ms | p99 ms | server CPU (cores) | server RSS before connecting MB | server peak RSS MB | generator CPU (cores) | sustained |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range results {
		fmt.Fprintf(w, "| %s | %g | %s | %s | %s | %.2f %% | %.1f | %.1f | %.2f | %.0f | %.0f | %.2f | %s |\n",
			r.server, r.rate, thousands(float64(r.conns)*r.rate), thousands(r.perSec(r.sent)), thousands(r.perSec(r.delivered())),
			r.deliveredPct(), r.quantile(0.5), r.quantile(0.99), r.cores(r.serverCPU), mb(r.serverIdleKB), mb(r.serverPeakKB), r.cores(r.genCPU), yesNo(r.ok(bound)))
	}
	fmt.Fprintln(w)

	// Against the goals.
	best := map[string]string{}
	bestRate := map[string]float64{}
	for _, s := range searches {
		switch {
		case s.pass == 0:
			best[s.target] = "none"
		case s.fail == 0:
			best[s.target] = "≥ " + thousands(s.pass*float64(p.conns)) + " (search bound)"
		default:
			best[s.target] = thousands(s.pass*float64(p.conns)) + fmt.Sprintf(" (%s failed)", thousands(s.fail*float64(p.conns)))
		}
		bestRate[s.target] = s.pass * float64(p.conns)
	}
	first := map[string]loadResult{}
	for _, r := range results {
		if _, ok := first[r.server]; !ok && r.rate == p.rate {
			first[r.server] = r
		}
	}
	ens, node := first["ensemble"], first["y-websocket (node)"]
	fmt.Fprintln(w, "| goal | Ensemble | y-websocket (Node) | met |")
	fmt.Fprintln(w, "|---|---|---|---|")
	if ens.window > 0 {
		fmt.Fprintf(w, "| %s connections, %s documents, %g edits/s each: p99 < %.0f ms | p99 %.1f ms | p99 %.1f ms | %s |\n",
			thousands(float64(p.conns)), thousands(float64(p.docs)), p.rate, bound, ens.quantile(0.99), node.quantile(0.99), yesNo(ens.ok(bound)))
	}
	if bestRate["ensemble"] > 0 || bestRate["node"] > 0 {
		ratio := "—"
		if bestRate["node"] > 0 {
			ratio = fmt.Sprintf("%.1f×", bestRate["ensemble"]/bestRate["node"])
		}
		met := yesNo(bestRate["node"] > 0 && bestRate["ensemble"] >= 3*bestRate["node"])
		switch {
		case bestRate["node"] > 0 && searchOf(searches, "node").fail == 0:
			met = "unknown: Node not saturated (raise -steps)"
		case met != "yes" && bestRate["ensemble"] > 0 && searchOf(searches, "ensemble").fail == 0:
			met = "unknown: Ensemble not saturated (raise -steps)"
		}
		fmt.Fprintf(w, "| highest sustained edit rate (edits/s, p99 < %.0f ms): ≥ 3× Node | %s | %s | %s (%s) |\n",
			bound, best["ensemble"], best["node"], met, ratio)
	}
	if ens.window > 0 && node.window > 0 {
		fmt.Fprintf(w, "| server peak memory at %g edits/s each: ≤ 1/3 of Node | %.0f MB (%.0f MB before any connection) | %.0f MB (%.0f MB before any connection) | %s (%.2f×) |\n",
			p.rate, mb(ens.serverPeakKB), mb(ens.serverIdleKB), mb(node.serverPeakKB), mb(node.serverIdleKB), yesNo(3*ens.serverPeakKB <= node.serverPeakKB), float64(ens.serverPeakKB)/float64(node.serverPeakKB))
	}
	fmt.Fprintln(w)
	printTraces(w, traces)
}

// searchOf returns the search of a target (an empty one if it did not run).
func searchOf(searches []*search, target string) *search {
	for _, s := range searches {
		if s.target == target {
			return s
		}
	}
	return &search{}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

// thousands formats a rate with thousands separators, rounded.
func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
