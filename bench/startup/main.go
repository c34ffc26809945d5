// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Command startup measures how fast an ensemble binary becomes ready and
// how much memory it holds when idle: it starts `ensemble serve` on a fresh,
// empty data folder n times, times each start until /readyz answers 200,
// then reads the process's resident memory after it has idled.
//
//	go run ./bench/startup -bin bin/ensemble -n 20
package main

import (
	"bufio"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	bin := flag.String("bin", "bin/ensemble", "the ensemble binary to measure")
	n := flag.Int("n", 20, "number of starts")
	idle := flag.Duration("idle", 3*time.Second, "how long the server idles before its memory is read")
	flag.Parse()

	st, err := os.Stat(*bin)
	if err != nil {
		log.Fatalf("startup: %v (run make build first)", err)
	}
	var starts []time.Duration
	var rss []int64
	for i := range *n {
		d, kb, err := once(*bin, *idle, i == 0 || i == *n-1)
		if err != nil {
			log.Fatalf("startup: run %d: %v", i, err)
		}
		starts = append(starts, d)
		if kb > 0 {
			rss = append(rss, kb)
		}
	}
	slices.Sort(starts)
	slices.Sort(rss)
	fmt.Printf("binary size:        %.1f MB (%d bytes)\n", float64(st.Size())/1e6, st.Size())
	fmt.Printf("cold start→ready:   median %s, min %s, max %s over %d starts\n",
		starts[len(starts)/2].Round(time.Millisecond/10), starts[0].Round(time.Millisecond/10), starts[len(starts)-1].Round(time.Millisecond/10), len(starts))
	fmt.Printf("idle RSS after %s: median %.1f MB over %d samples\n", *idle, float64(rss[len(rss)/2])/1024, len(rss))
}

// once starts the server on a fresh data folder, waits for /readyz, and
// optionally idles and reads VmRSS (in KiB) before stopping it.
func once(bin string, idle time.Duration, measureRSS bool) (time.Duration, int64, error) {
	dir, err := os.MkdirTemp("", "ensemble-bench-*")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--data", dir, "--log-level", "warn")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, 0, err
	}
	begin := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return 0, 0, fmt.Errorf("no URL printed: %w", err)
	}
	url := strings.TrimSpace(line[strings.Index(line, "http://"):])
	client := &http.Client{Timeout: time.Second}
	for {
		resp, err := client.Get(url + "readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Since(begin) > 10*time.Second {
			return 0, 0, fmt.Errorf("not ready after 10 s")
		}
		time.Sleep(time.Millisecond)
	}
	ready := time.Since(begin)
	if !measureRSS {
		return ready, 0, nil
	}
	time.Sleep(idle)
	kb, err := vmRSS(cmd.Process.Pid)
	return ready, kb, err
}

func vmRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}
