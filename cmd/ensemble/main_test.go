// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"bufio"
	"errors"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// build compiles the real binary once per test run.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "ensemble")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// The process stops cleanly on SIGTERM and on SIGINT, with exit status 0.
func TestSignalsStopCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := build(t)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--data", t.TempDir())
			stdout, _ := cmd.StdoutPipe()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil {
				t.Fatalf("reading the URL: %v; stderr:\n%s", err, stderr.String())
			}
			url := strings.TrimSpace(line[strings.Index(line, "http://"):])
			resp, err := http.Get(url + "readyz")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("GET readyz: %v, %v", resp, err)
			}
			resp.Body.Close()
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v; stderr:\n%s", err, stderr.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatal("did not stop within 20 s")
			}
		})
	}
}

// Mistakes in the command line exit 2; failures to start exit 1.
func TestExitStatuses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := build(t)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"version"}, 0},
		{[]string{"serve", "--nope"}, 2},
		{[]string{"serve", "--log-format", "xml"}, 2},
		{[]string{"serve", "--listen", "127.0.0.1:0", "--database", "postgres://127.0.0.1:1/x"}, 1},
	} {
		cmd := exec.Command(bin, append(tt.args, "--data", t.TempDir())...)
		if tt.args[0] == "version" {
			cmd = exec.Command(bin, "version")
		}
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		}
		if code != tt.code || strings.Contains(string(out), "goroutine ") {
			t.Errorf("ensemble %v: exit %d, output %q; want %d and no stack trace", tt.args, code, out, tt.code)
		}
	}
}
