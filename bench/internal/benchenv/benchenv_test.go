// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package benchenv

import (
	"os"
	"testing"
	"time"
)

func TestParseProc(t *testing.T) {
	stat := []byte("4242 (a (weird) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 200 125 0 0 20 0 8 0")
	status := []byte("Name:\tx\nVmHWM:\t   22528 kB\nVmRSS:\t   20480 kB\n")
	p, err := ParseProc(stat, status)
	if err != nil {
		t.Fatal(err)
	}
	if p.CPU != 3250*time.Millisecond || p.PeakRSS != 22528<<10 || p.RSS != 20480<<10 {
		t.Errorf("ParseProc = %+v; want 3.25 s, peak 22528 KiB, RSS 20480 KiB", p)
	}
	if _, err := ParseProc(stat, []byte("Name:\tx\n")); err == nil {
		t.Error("no VmHWM: no error")
	}
	if _, err := ParseProc([]byte("4242 (x) S 1"), status); err == nil {
		t.Error("short stat: no error")
	}
}

func TestReadProcOfThisProcess(t *testing.T) {
	p, err := ReadProc(os.Getpid())
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	if p.PeakRSS <= 0 || p.RSS <= 0 || p.PeakRSS < p.RSS {
		t.Errorf("ReadProc = %+v: want a positive RSS at most the peak", p)
	}
}
