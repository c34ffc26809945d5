// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package benchenv

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is a server under test, run as a child process in a folder of
// its own.
type Process struct {
	Cmd *exec.Cmd
	Dir string // removed by Stop; empty if none
	Log *Log   // what it printed
}

// NewProcess makes a fresh temporary folder for a server (prefix as for
// os.MkdirTemp); an empty prefix makes none.
func NewProcess(prefix string) (*Process, error) {
	p := &Process{Log: &Log{}}
	if prefix != "" {
		dir, err := os.MkdirTemp("", prefix)
		if err != nil {
			return nil, err
		}
		p.Dir = dir
	}
	return p, nil
}

// Start runs name with args (and the environment plus env), its output
// going to p.Log.
func (p *Process) Start(name string, env []string, args ...string) error {
	p.Cmd = exec.Command(name, args...)
	if len(env) > 0 {
		p.Cmd.Env = append(os.Environ(), env...)
	}
	p.Cmd.Stdout, p.Cmd.Stderr = p.Log, p.Log
	if err := p.Cmd.Start(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// PID is the process's ID.
func (p *Process) PID() int { return p.Cmd.Process.Pid }

// Stop ends the process (SIGTERM, then SIGKILL after 10 s) and removes
// its folder.
func (p *Process) Stop() {
	if p.Cmd != nil && p.Cmd.Process != nil {
		p.Cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { p.Cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			p.Cmd.Process.Kill()
			<-done
		}
	}
	if p.Dir != "" {
		os.RemoveAll(p.Dir)
	}
}

// Log is a process's output, safe for exec's copying goroutines; it
// keeps the first MiB, which says why a server failed.
type Log struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write implements io.Writer.
func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() > 1<<20 {
		return len(p), nil
	}
	return l.b.Write(p)
}

// String returns what was written.
func (l *Log) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// BenchEmail is the account PrepareEnsemble creates.
const BenchEmail = "bench@example.org"

// PrepareEnsemble prepares the data folder dir for `ensemble serve` as a
// user would: `ensemble user add` (BenchEmail) and `ensemble token
// create` (named tokenName), and returns the personal access token.
func PrepareEnsemble(ctx context.Context, bin, dir, tokenName string) (token string, err error) {
	run := func(stdin string, args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, bin, append(args, "--data", dir)...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return "", fmt.Errorf("ensemble %s: %w\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out)), nil
	}
	if _, err := run("bench password 1234\n", "user", "add", "--email", BenchEmail, "--name", "Bench", "--password-stdin"); err != nil {
		return "", err
	}
	return run("", "token", "create", "--email", BenchEmail, "--name", tokenName)
}
