// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// server is a WebDAV server under test, a child process of the benchmark.
type server struct {
	name string
	cmd  *exec.Cmd
	dir  string // temp folder removed by stop
	log  *syncBuffer
	// url is the WebDAV root, ending in "/"; user and pass, if set, go in
	// HTTP Basic authentication.
	url, user, pass string
}

// syncBuffer is the server's output, written by exec's copying goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.b.Len() > 1<<20 { // keep the start, which says why it failed
		return len(p), nil
	}
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stop ends the server and removes its folder.
func (s *server) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	if s.dir != "" {
		os.RemoveAll(s.dir)
	}
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// start runs the server's command and waits until its WebDAV root answers.
func (s *server) start(ctx context.Context, name string, args ...string) error {
	s.cmd = exec.Command(name, args...)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	return s.waitReady(ctx)
}

// waitReady sends PROPFIND Depth 0 to the root until it answers 207, for
// at most 30 s.
func (s *server) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: time.Second}
	end := time.Now().Add(30 * time.Second)
	for time.Now().Before(end) && ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "PROPFIND", s.url, nil)
		req.Header.Set("Depth", "0")
		s.auth(req)
		if resp, err := client.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusMultiStatus {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after 30 s:\n%s", s.name, s.log)
}

// auth adds the server's credentials to req.
func (s *server) auth(req *http.Request) {
	if s.user != "" {
		req.SetBasicAuth(s.user, s.pass)
	}
}

func newServer(name, prefix string) (*server, error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return nil, err
	}
	return &server{name: name, dir: dir, log: &syncBuffer{}}, nil
}

// startEnsemble prepares a fresh data folder as a user would (`ensemble
// user add`, `ensemble token create`) and starts `ensemble serve` on it:
// embedded SQLite and blobs on local disk.
// A quota above 0 is passed as --drive-quota (the default is 10 GiB).
func startEnsemble(ctx context.Context, bin string, quota int64) (*server, error) {
	s, err := newServer(nameEnsemble, "ensemble-bench-drive-*")
	if err != nil {
		return nil, err
	}
	run := func(stdin string, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, bin, append(args, "--data", s.dir)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("ensemble %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	const email = "bench@example.org"
	if _, err := run("bench password 1234\n", "user", "add", "--email", email, "--name", "Bench", "--password-stdin"); err != nil {
		s.stop()
		return nil, err
	}
	token, err := run("", "token", "create", "--email", email, "--name", "bench-drive")
	if err != nil {
		s.stop()
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		s.stop()
		return nil, err
	}
	s.url, s.user, s.pass = "http://"+addr+"/dav/", email, token
	args := []string{"serve", "--listen", addr, "--data", s.dir, "--log-level", "warn"}
	if quota > 0 {
		args = append(args, "--drive-quota", strconv.FormatInt(quota, 10))
	}
	if err := s.start(ctx, bin, args...); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// startBare starts the bare x/net/webdav handler (bench/drive/bare) over
// an empty folder.
func startBare(ctx context.Context, bin string) (*server, error) {
	s, err := newServer(nameBare, "bare-bench-drive-*")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		s.stop()
		return nil, err
	}
	s.url = "http://" + addr + "/"
	if err := s.start(ctx, bin, "-listen", addr, "-dir", s.dir); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// startRclone starts `rclone serve webdav` with its defaults over an
// empty folder.
func startRclone(ctx context.Context, rclone string) (*server, error) {
	s, err := newServer(nameRclone, "rclone-bench-drive-*")
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		s.stop()
		return nil, err
	}
	s.url = "http://" + addr + "/"
	if err := s.start(ctx, rclone, "serve", "webdav", s.dir, "--addr", addr, "--config", "/dev/null", "-q"); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// freeAddr returns a loopback address nobody listens on.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// procStat is a process's CPU time so far and its peak memory.
type procStat struct {
	cpu     time.Duration // user + system
	peakRSS int64         // VmHWM in bytes: the peak resident set since it started
}

// readProc reads /proc/pid/stat and /proc/pid/status.
func readProc(pid int) (procStat, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return procStat{}, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return procStat{}, err
	}
	return parseProc(stat, status)
}

// parseProc parses the contents of /proc/pid/stat and /proc/pid/status.
func parseProc(stat, status []byte) (procStat, error) {
	var p procStat
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
	p.cpu = time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		if k != "VmHWM" {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		if err != nil {
			return p, fmt.Errorf("malformed VmHWM %q", v)
		}
		p.peakRSS = kb << 10
		return p, nil
	}
	return p, fmt.Errorf("no VmHWM in /proc status")
}
