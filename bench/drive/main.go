// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command drive benchmarks Ensemble's WebDAV server (issue 6) side by side
// with a bare golang.org/x/net/webdav handler over a folder (the ceiling)
// and `rclone serve webdav`: 1 GiB transfers with the rclone client and
// each server's peak memory, PROPFIND Depth 1 on a folder of 10,000 files,
// and 100 concurrent clients uploading small files. It starts each server
// as a child process, prints markdown for BENCHMARKS.md on stdout and its
// progress on stderr. See bench/drive/README.md; bench/drive/run.sh runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// The servers' names, as the report's columns show them.
const (
	nameEnsemble = "Ensemble `/dav/`"
	nameBare     = "bare `x/net/webdav`"
	nameRclone   = "`rclone serve webdav`"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench/drive:", err)
		os.Exit(1)
	}
}

func run() error {
	bin := flag.String("bin", "", "the ensemble binary (required)")
	bareBin := flag.String("bare", "", "the bare x/net/webdav server built from bench/drive/bare (required)")
	rcloneBin := flag.String("rclone", "rclone", "the rclone binary: the client of the transfers, and a server")
	sizeFlag := flag.String("size", "1GiB", "size of the file uploaded and downloaded")
	runs := flag.Int("runs", 3, "uploads and downloads of the file per server (the median is reported)")
	files := flag.Int("files", 10000, "files in the folder listed by PROPFIND")
	workers := flag.Int("workers", 16, "concurrent clients that create the PROPFIND folder")
	propfinds := flag.Int("propfinds", 20, "PROPFIND requests of each kind per server")
	clients := flag.Int("clients", 100, "concurrent clients of the small-file uploads")
	each := flag.Int("each", 100, "small files each client uploads")
	smallFlag := flag.String("small", "4KiB", "size of each small file")
	quick := flag.Bool("quick", false, "a short check run: -size 64MiB -runs 1 -files 1000 -each 10")
	targets := flag.String("targets", "ensemble,bare,rclone", "servers to measure, in this order")
	tmp := flag.String("tmp", "", "folder for the large file and its downloads (default: the system's temp folder)")
	flag.Parse()
	if *quick {
		*sizeFlag, *runs, *files, *each = "64MiB", 1, 1000, 10
	}
	if *bin == "" && strings.Contains(*targets, "ensemble") || *bareBin == "" && strings.Contains(*targets, "bare") {
		return fmt.Errorf("-bin and -bare are required (bench/drive/run.sh sets them)")
	}
	size, err := parseSize(*sizeFlag)
	if err != nil {
		return err
	}
	small, err := parseSize(*smallFlag)
	if err != nil {
		return err
	}
	if *runs < 1 || *files < 1 || *workers < 1 || *propfinds < 1 || *clients < 1 || *each < 1 {
		return fmt.Errorf("-runs, -files, -workers, -propfinds, -clients and -each must be at least 1")
	}
	c := config{size: size, runs: *runs, files: *files, workers: *workers, propfinds: *propfinds,
		clients: *clients, each: *each, smallB: int(small)}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	hw := benchenv.ReadMachine()
	m := machine{start: time.Now(), cores: hw.Cores, cpu: hw.CPU, memBytes: hw.MemBytes, loadBefore: benchenv.LoadAvg(), goVersion: runtime.Version()}
	if out, err := exec.CommandContext(ctx, *rcloneBin, "version").Output(); err == nil {
		m.rclone = strings.TrimPrefix(strings.SplitN(string(out), "\n", 2)[0], "rclone ")
	} else {
		return fmt.Errorf("rclone version: %w", err)
	}
	progress("%d cores, load average %s before the run", m.cores, m.loadBefore)

	work, err := os.MkdirTemp(*tmp, "bench-drive-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	big := filepath.Join(work, "big.bin")
	progress("writing %s of random bytes to %s", fmtSize(size), big)
	sum, err := makeRandomFile(big, size)
	if err != nil {
		return err
	}

	// Ensemble's quota must hold every run's upload (a new name each time)
	// and the small files; the default of 10 GiB does for the full sizes.
	var quota int64
	if need := int64(c.runs)*size + int64(c.files+c.clients*c.each)*small + 1<<30; need > 10<<30 {
		quota = need
	}
	var servers []*server
	defer func() {
		for _, s := range servers {
			s.stop()
		}
	}()
	for _, t := range strings.Split(*targets, ",") {
		var s *server
		switch strings.TrimSpace(t) {
		case "ensemble":
			s, err = startEnsemble(ctx, *bin, quota)
		case "bare":
			s, err = startBare(ctx, *bareBin)
		case "rclone":
			s, err = startRclone(ctx, *rcloneBin)
		default:
			err = fmt.Errorf("unknown target %q: expected ensemble, bare or rclone", t)
		}
		if err != nil {
			return err
		}
		servers = append(servers, s)
		progress("%s: pid %d at %s", s.name, s.pid(), s.url)
	}
	rs, err := measure(ctx, c, servers, *rcloneBin, big, sum, work)
	if err != nil {
		return err
	}
	m.loadAt = benchenv.LoadAvg()
	progress("load average %s after the run", m.loadAt)
	report(os.Stdout, m, c, rs)
	return nil
}

// progress writes a timestamped line to stderr.
func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench/drive %s: %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}
