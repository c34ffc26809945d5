// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a collaboration server under test, started by the benchmark.
type server struct {
	name string
	cmd  *exec.Cmd
	dir  string
	log  *bytes.Buffer
	// base is the websocket URL the y-websocket client appends "/" and a
	// document name to; token, if any, goes in the token parameter.
	base, token string
	// newDoc creates a document and returns its name for wsURL.
	newDoc func(ctx context.Context, title string) (string, error)
}

// stop ends the server and removes its data folder.
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

// wsURL returns the websocket URL of a document.
func (s *server) wsURL(doc string) string {
	if s.token != "" {
		return s.base + "/" + doc + "?token=" + s.token
	}
	return s.base + "/" + doc
}

// freePort returns a loopback port nobody listens on.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startEnsemble prepares a fresh data folder with a user and an access
// token, starts `ensemble serve` on it and waits until it is ready.
func startEnsemble(ctx context.Context, bin string) (*server, error) {
	dir, err := os.MkdirTemp("", "ensemble-bench-collab-*")
	if err != nil {
		return nil, err
	}
	s := &server{name: "ensemble", dir: dir, log: &bytes.Buffer{}}
	run := func(stdin string, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, bin, append(args, "--data", dir)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	if _, err := run("bench password 1234\n", "user", "add", "--email", "bench@example.org", "--name", "Bench", "--password-stdin"); err != nil {
		s.stop()
		return nil, err
	}
	token, err := run("", "token", "create", "--email", "bench@example.org", "--name", "bench")
	if err != nil {
		s.stop()
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		s.stop()
		return nil, err
	}
	base := fmt.Sprintf("127.0.0.1:%d", port)
	s.cmd = exec.Command(bin, "serve", "--listen", base, "--data", dir, "--log-level", "warn")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		s.stop()
		return nil, err
	}
	if err := waitHTTP(ctx, "http://"+base+"/readyz", s); err != nil {
		s.stop()
		return nil, err
	}
	s.base, s.token = "ws://"+base+"/collab", token
	s.newDoc = func(ctx context.Context, title string) (string, error) {
		body, _ := json.Marshal(map[string]string{"title": title})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+base+"/api/v1/docs", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var d struct{ ID string }
		if resp.StatusCode != http.StatusCreated {
			b, _ := io.ReadAll(resp.Body)
			return "", fmt.Errorf("create document: %s: %s", resp.Status, b)
		}
		if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
			return "", err
		}
		return d.ID, nil
	}
	return s, nil
}

// startNode starts the reference y-websocket server (npm
// @y/websocket-server, in memory, its default) installed in nodeDir.
func startNode(ctx context.Context, nodeDir string) (*server, error) {
	script := filepath.Join(nodeDir, "node_modules", "@y", "websocket-server", "src", "server.js")
	if _, err := os.Stat(script); err != nil {
		return nil, fmt.Errorf("%w (run npm ci in %s)", err, nodeDir)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	base := fmt.Sprintf("127.0.0.1:%d", port)
	s := &server{name: "y-websocket (node)", log: &bytes.Buffer{}}
	s.cmd = exec.Command("node", script)
	s.cmd.Env = append(os.Environ(), "HOST=127.0.0.1", "PORT="+strconv.Itoa(port))
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	if err := waitHTTP(ctx, "http://"+base+"/", s); err != nil {
		s.stop()
		return nil, err
	}
	s.base = "ws://" + base
	n := 0
	s.newDoc = func(context.Context, string) (string, error) { n++; return fmt.Sprintf("bench-%d", n), nil }
	return s, nil
}

// waitHTTP polls url until it answers 200, for at most 20 s.
func waitHTTP(ctx context.Context, url string, s *server) error {
	client := &http.Client{Timeout: time.Second}
	end := time.Now().Add(20 * time.Second)
	for time.Now().Before(end) && ctx.Err() == nil {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return fmt.Errorf("%s not ready after 20 s:\n%s", s.name, s.log)
}

// procStat is a process's CPU time so far and memory.
type procStat struct {
	cpu      time.Duration // user + system
	rssKB    int64         // VmRSS
	peakRSSK int64         // VmHWM: the peak resident set since it started
}

// readProc reads /proc/pid/stat and /proc/pid/status.
func readProc(pid int) (procStat, error) {
	var p procStat
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return p, err
	}
	// Fields after the command (which may hold spaces) start at ") ".
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	if len(f) < 13 {
		return p, fmt.Errorf("short /proc/%d/stat", pid)
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	p.cpu = time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
	fh, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return p, err
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		switch k {
		case "VmRSS":
			p.rssKB = kb
		case "VmHWM":
			p.peakRSSK = kb
		}
	}
	return p, nil
}
