// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package benchenv holds what the benchmark programs under bench/ share:
// reading the machine and a process from /proc, a free loopback address,
// a server run as a child process, and an Ensemble data folder prepared
// as a user would prepare it.
package benchenv

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Machine describes the computer a benchmark runs on.
type Machine struct {
	CPU      string // the model name
	Cores    int
	MemBytes int64
}

// ReadMachine reads the CPU model and the memory from /proc.
func ReadMachine() Machine {
	m := Machine{CPU: "unknown CPU", Cores: runtime.NumCPU()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.Lines(string(b)) {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(string(b), "MemTotal: %d kB", &kb)
		m.MemBytes = kb << 10
	}
	return m
}

// LoadAvg returns the 1, 5 and 15-minute load averages, or "?".
func LoadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// FreeAddr returns a loopback host:port nobody listens on.
func FreeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// ProcStat is a process's CPU time so far and its memory.
type ProcStat struct {
	CPU     time.Duration // user + system
	RSS     int64         // VmRSS, bytes
	PeakRSS int64         // VmHWM, bytes: the peak resident set since it started
}

// ReadProc reads /proc/pid/stat and /proc/pid/status.
func ReadProc(pid int) (ProcStat, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ProcStat{}, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ProcStat{}, err
	}
	return ParseProc(stat, status)
}

// ParseProc parses the contents of /proc/pid/stat and /proc/pid/status.
func ParseProc(stat, status []byte) (ProcStat, error) {
	var p ProcStat
	// The fields after the command (which may hold spaces) start at ") ".
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 > len(stat) {
		return p, fmt.Errorf("malformed /proc stat")
	}
	f := strings.Fields(string(stat[i+2:]))
	if len(f) < 13 {
		return p, fmt.Errorf("short /proc stat")
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return p, fmt.Errorf("malformed /proc stat times %q %q", f[11], f[12])
	}
	p.CPU = time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
	found := false
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		if k != "VmHWM" && k != "VmRSS" {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return p, fmt.Errorf("malformed %s %q", k, v)
		}
		if k == "VmHWM" {
			p.PeakRSS, found = kb<<10, true
		} else {
			p.RSS = kb << 10
		}
	}
	if !found {
		return p, fmt.Errorf("no VmHWM in /proc status")
	}
	return p, nil
}
