// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"strings"
	"testing"
	"time"
)

func ms(v ...int) []time.Duration {
	out := make([]time.Duration, len(v))
	for i, x := range v {
		out[i] = time.Duration(x) * time.Millisecond
	}
	return out
}

func TestMedianAndPercentile(t *testing.T) {
	d := ms(50, 10, 40, 20, 30)
	if got := median(d); got != 30*time.Millisecond {
		t.Errorf("median = %v, want 30ms", got)
	}
	if got := median(ms(4, 1, 3, 2)); got != 2*time.Millisecond {
		t.Errorf("median of an even count = %v, want the lower middle 2ms", got)
	}
	twenty := ms(20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1)
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{99, 20 * time.Millisecond}, {95, 19 * time.Millisecond}, {50, 10 * time.Millisecond}, {1, time.Millisecond}} {
		if got := percentile(twenty, c.p); got != c.want {
			t.Errorf("p%v of 1..20 ms = %v, want %v", c.p, got, c.want)
		}
	}
	if median(nil) != 0 || percentile(nil, 99) != 0 {
		t.Error("empty input should give 0")
	}
	if d[0] != 50*time.Millisecond {
		t.Error("median sorted its input in place")
	}
}

func TestSizes(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "64MiB": 64 << 20, "4KiB": 4096, "10MB": 10e6, "4096": 4096, " 2 GiB ": 2 << 30} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "0", "-1MiB", "1TiB", "MiB", "1.5GiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
	for n, want := range map[int64]string{1 << 30: "1 GiB", 64 << 20: "64 MiB", 4096: "4 KiB", 1000: "1000 B", 3 << 19: "1536 KiB"} {
		if got := fmtSize(n); got != want {
			t.Errorf("fmtSize(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
	if got := mbps(1e9, 4*time.Second); got != 250 {
		t.Errorf("mbps = %v, want 250", got)
	}
	if got := fmtMB(9_710_000); got != "9.7 MB" {
		t.Errorf("fmtMB = %q", got)
	}
}

func TestCountResponses(t *testing.T) {
	body := `<?xml version="1.0" encoding="UTF-8"?>
<D:multistatus xmlns:D="DAV:">
<D:response><D:href>/a/</D:href><D:propstat><D:prop><x:response xmlns:x="urn:other"/></D:prop></D:propstat></D:response>
<response xmlns="DAV:"><href>/a/b</href></response>
</D:multistatus>`
	n, err := countResponses(strings.NewReader(body))
	if err != nil || n != 2 {
		t.Errorf("countResponses = %d, %v; want 2 (a property named response in another namespace is not one)", n, err)
	}
	if _, err := countResponses(strings.NewReader(`<D:multistatus xmlns:D="DAV:"><D:response>`)); err == nil {
		t.Error("a truncated body was accepted")
	}
}

func TestReportGoals(t *testing.T) {
	c := config{size: 1 << 30, runs: 3, files: 10000, workers: 16, propfinds: 20, clients: 100, each: 100, smallB: 4096}
	put := putResult{elapsed: 10 * time.Second, ok: 10000}
	e := &result{name: nameEnsemble, up: ms(5000, 5200, 4800), down: ms(2000, 2100, 1900), transferRSS: 30e6,
		allprop: ms(300, 320), named: ms(200, 210), small: put, populate: put}
	bare := &result{name: nameBare, up: ms(4000, 4100, 3900), down: ms(1500, 1400, 1600), transferRSS: 9e6,
		allprop: ms(250, 260), named: ms(150, 160), small: put, populate: put}
	rc := &result{name: nameRclone, up: ms(11000, 11000, 11000), down: ms(3000, 3000, 3000), transferRSS: 150e6,
		allprop: ms(200, 210), named: ms(90, 95), small: put, populate: put}
	var b strings.Builder
	report(&b, machine{start: time.Date(2026, 11, 23, 19, 45, 0, 0, time.UTC), cores: 2, cpu: "AMD EPYC"}, c, []*result{e, bare, rc})
	out := b.String()
	for _, want := range []string{
		"| | Ensemble `/dav/` | bare `x/net/webdav` | `rclone serve webdav` |",
		"| upload of a 1 GiB file (`rclone copyto`), median of 3 | 5.00 s, 215 MB/s (4.80 s–5.20 s) |",
		"- Upload of 1 GiB: Ensemble at 80 % of the bare handler's throughput (goal ≥ 80 %): met.",
		"- Download of 1 GiB: Ensemble at 75 % of the bare handler's throughput (goal ≥ 80 %): **missed**.",
		"- Peak resident memory during the transfers: 30 MB (goal < 64 MB): met.",
		"all properties: median 1.50× rclone's (goal ≤ 2×): met.",
		"5 named properties: median 2.22× rclone's (goal ≤ 2×): **missed**.",
		"**1,000 files/s** (10.0 s)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
