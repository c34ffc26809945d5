// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// result is what one server measured.
type result struct {
	name        string
	up, down    []time.Duration // 1 GiB transfers, one per run
	startRSS    int64           // VmHWM once started, bytes
	transferRSS int64           // VmHWM after the transfers
	transferCPU time.Duration   // server CPU during the transfers
	populate    putResult       // the PROPFIND folder's files
	allprop     []time.Duration
	named       []time.Duration
	allpropSize int64 // bytes of one allprop answer
	namedSize   int64
	small       putResult     // the concurrent small PUTs
	smallCPU    time.Duration // server CPU during them
	finalRSS    int64         // VmHWM at the end of the run
}

// machine describes where and when the benchmark ran.
type machine struct {
	start              time.Time
	cores              int
	cpu                string
	memBytes           int64
	loadBefore, loadAt string
	rclone, goVersion  string
}

// config is the sizes of a run.
type config struct {
	size                  int64 // the large file
	runs                  int
	files, workers        int // the PROPFIND folder
	propfinds             int
	clients, each, smallB int
}

// median returns the middle value (the lower one of an even count).
func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(d))
	return s[(len(s)-1)/2]
}

// percentile returns the nearest-rank p-th percentile (0 < p ≤ 100): the
// smallest value that at least p % of the values do not exceed.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(d))
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	return s[min(max(rank, 1), len(s))-1]
}

// mbps is the throughput of size bytes in d, in MB (10⁶ bytes) per second.
func mbps(size int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(size) / 1e6 / d.Seconds()
}

// fmtSize writes a byte count as "1 GiB", "64 MiB", "4 KiB" when it is a
// whole number of those, else in bytes.
func fmtSize(n int64) string {
	for _, u := range []struct {
		name string
		v    int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.v && n%u.v == 0 {
			return fmt.Sprintf("%d %s", n/u.v, u.name)
		}
	}
	return fmt.Sprintf("%d B", n)
}

// parseSize reads "1073741824", "64MiB", "1GiB", "4KiB" or "10MB".
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
	num, unit := s, ""
	if i >= 0 {
		num, unit = s[:i], strings.TrimSpace(s[i:])
	}
	n, err := strconv.ParseInt(num, 10, 64)
	mult := map[string]int64{"": 1, "B": 1, "KB": 1e3, "KiB": 1 << 10, "MB": 1e6, "MiB": 1 << 20, "GB": 1e9, "GiB": 1 << 30}[unit]
	if err != nil || n <= 0 || mult == 0 {
		return 0, fmt.Errorf("bad size %q: expected e.g. 1GiB, 64MiB or 4096", s)
	}
	return n * mult, nil
}

// count writes n with thousands separators: 10,000.
func count(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	}
	return fmt.Sprintf("%.1f ms", float64(d)/1e6)
}

// fmtMB writes a byte count in MB, with a decimal under 10 MB.
func fmtMB(bytes int64) string {
	if bytes < 10e6 {
		return fmt.Sprintf("%.1f MB", float64(bytes)/1e6)
	}
	return fmt.Sprintf("%.0f MB", float64(bytes)/1e6)
}

// rate writes n things in d per second, rounded, with separators.
func rate(n int, d time.Duration) string {
	if d <= 0 {
		return "—"
	}
	return count(int(math.Round(float64(n) / d.Seconds())))
}

func spread(d []time.Duration) string {
	if len(d) < 2 {
		return ""
	}
	s := slices.Sorted(slices.Values(d))
	return fmt.Sprintf(" (%s–%s)", fmtDur(s[0]), fmtDur(s[len(s)-1]))
}

// report writes the markdown for BENCHMARKS.md.
func report(w io.Writer, m machine, c config, rs []*result) {
	fmt.Fprintf(w, "## Drive and WebDAV (issue 6)\n\n")
	fmt.Fprintf(w, "`bench/drive/run.sh` (method: `bench/drive/README.md`) on %s UTC: %d cores (%s), %.0f GiB, load average %s before and %s after the run; rclone %s (the client of the transfers, and a server); benchmark built with %s. Ensemble is `ensemble serve` on a fresh data folder (SQLite, blobs on local disk); the bare handler and rclone serve an empty local folder. MB = 10⁶ bytes.\n\n",
		m.start.UTC().Format("2006-01-02 15:04"), m.cores, m.cpu, float64(m.memBytes)/(1<<30), m.loadBefore, m.loadAt, m.rclone, m.goVersion)
	head := "| |"
	sep := "|---|"
	for _, r := range rs {
		head += " " + r.name + " |"
		sep += "---:|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	row := func(label string, cell func(r *result) string) {
		line := "| " + label + " |"
		for _, r := range rs {
			line += " " + cell(r) + " |"
		}
		fmt.Fprintln(w, line)
	}
	of := fmt.Sprintf("median of %d", c.runs)
	if c.runs == 1 {
		of = "one run"
	}
	row(fmt.Sprintf("upload of a %s file (`rclone copyto`), %s", fmtSize(c.size), of), func(r *result) string {
		return fmt.Sprintf("%s, %.0f MB/s%s", fmtDur(median(r.up)), mbps(c.size, median(r.up)), spread(r.up))
	})
	row(fmt.Sprintf("download of it, %s", of), func(r *result) string {
		return fmt.Sprintf("%s, %.0f MB/s%s", fmtDur(median(r.down)), mbps(c.size, median(r.down)), spread(r.down))
	})
	row("server peak RSS (VmHWM) once started", func(r *result) string { return fmtMB(r.startRSS) })
	row("server peak RSS after the transfers", func(r *result) string { return fmtMB(r.transferRSS) })
	row("server CPU time during the transfers", func(r *result) string { return fmtDur(r.transferCPU) })
	row(fmt.Sprintf("PROPFIND Depth 1 on %s files, all properties: median / p99 of %d", count(c.files), c.propfinds), func(r *result) string {
		return fmt.Sprintf("%s / %s (%s)", fmtDur(median(r.allprop)), fmtDur(percentile(r.allprop, 99)), fmtMB(r.allpropSize))
	})
	row(fmt.Sprintf("the same, 5 named properties: median / p99 of %d", c.propfinds), func(r *result) string {
		return fmt.Sprintf("%s / %s (%s)", fmtDur(median(r.named)), fmtDur(percentile(r.named, 99)), fmtMB(r.namedSize))
	})
	row(fmt.Sprintf("%s clients × %s PUTs of %s, one folder", count(c.clients), count(c.each), fmtSize(int64(c.smallB))), func(r *result) string {
		cell := fmt.Sprintf("**%s files/s** (%s)", rate(r.small.ok, r.small.elapsed), fmtDur(r.small.elapsed))
		if r.small.fail > 0 {
			cell += fmt.Sprintf(", %s failed", count(r.small.fail))
		}
		return cell
	})
	row("server CPU time during them", func(r *result) string { return fmtDur(r.smallCPU) })
	row(fmt.Sprintf("making the PROPFIND folder: %s PUTs, %d clients", count(c.files), c.workers), func(r *result) string {
		return rate(r.populate.ok, r.populate.elapsed) + " files/s"
	})
	row("server peak RSS over the whole run", func(r *result) string { return fmtMB(r.finalRSS) })
	fmt.Fprintln(w)
	goals(w, c, rs)
}

// goals writes the comparison with the goals of issue 6.
func goals(w io.Writer, c config, rs []*result) {
	find := func(name string) *result {
		for _, r := range rs {
			if r.name == name {
				return r
			}
		}
		return nil
	}
	e, bare, rc := find(nameEnsemble), find(nameBare), find(nameRclone)
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "**missed**"
	}
	fmt.Fprintln(w, "Against the goals of issue 6:")
	fmt.Fprintln(w)
	if e == nil {
		fmt.Fprintln(w, "- Ensemble was not measured.")
		return
	}
	if bare != nil {
		for _, t := range []struct {
			what    string
			e, bare []time.Duration
		}{{"upload", e.up, bare.up}, {"download", e.down, bare.down}} {
			ratio := median(t.bare).Seconds() / median(t.e).Seconds()
			fmt.Fprintf(w, "- %s of %s: Ensemble at %.0f %% of the bare handler's throughput (goal ≥ 80 %%): %s.\n",
				capital(t.what), fmtSize(c.size), 100*ratio, met(ratio >= 0.8))
		}
	}
	fmt.Fprintf(w, "- Peak resident memory during the transfers: %s (goal < 64 MB): %s.\n", fmtMB(e.transferRSS), met(e.transferRSS < 64e6))
	if rc != nil {
		for _, t := range []struct {
			what  string
			e, rc []time.Duration
		}{{"all properties", e.allprop, rc.allprop}, {"5 named properties", e.named, rc.named}} {
			ratio := median(t.e).Seconds() / median(t.rc).Seconds()
			fmt.Fprintf(w, "- PROPFIND Depth 1 on %s files, %s: median %.2f× rclone's (goal ≤ 2×): %s.\n",
				count(c.files), t.what, ratio, met(ratio <= 2))
		}
	}
	line := fmt.Sprintf("- %s concurrent clients × %s small PUTs (no goal): Ensemble %s files/s", count(c.clients), count(c.each), rate(e.small.ok, e.small.elapsed))
	for _, r := range []*result{bare, rc} {
		if r != nil {
			line += fmt.Sprintf(", %s %s", r.name, rate(r.small.ok, r.small.elapsed))
		}
	}
	fmt.Fprintln(w, line+".")
}

func capital(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
