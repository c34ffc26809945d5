// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// server is a WebDAV server under test, a child process of the benchmark.
type server struct {
	*benchenv.Process
	name string
	// url is the WebDAV root, ending in "/"; user and pass, if set, go in
	// HTTP Basic authentication.
	url, user, pass string
}

// stop ends the server and removes its folder.
func (s *server) stop() { s.Stop() }

func (s *server) pid() int { return s.PID() }

// start runs the server's command and waits until its WebDAV root answers.
func (s *server) start(ctx context.Context, name string, args ...string) error {
	if err := s.Start(name, nil, args...); err != nil {
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
	return fmt.Errorf("%s not ready after 30 s:\n%s", s.name, s.Log)
}

// auth adds the server's credentials to req.
func (s *server) auth(req *http.Request) {
	if s.user != "" {
		req.SetBasicAuth(s.user, s.pass)
	}
}

// newServer makes a server in a fresh temporary folder on a free
// loopback address, with url its WebDAV root at path.
func newServer(name, prefix, path string) (*server, string, error) {
	p, err := benchenv.NewProcess(prefix)
	if err != nil {
		return nil, "", err
	}
	s := &server{Process: p, name: name}
	addr, err := benchenv.FreeAddr()
	if err != nil {
		s.stop()
		return nil, "", err
	}
	s.url = "http://" + addr + path
	return s, addr, nil
}

// startEnsemble prepares a fresh data folder as a user would (`ensemble
// user add`, `ensemble token create`) and starts `ensemble serve` on it:
// embedded SQLite and blobs on local disk.
// A quota above 0 is passed as --drive-quota (the default is 10 GiB).
func startEnsemble(ctx context.Context, bin string, quota int64) (*server, error) {
	s, addr, err := newServer(nameEnsemble, "ensemble-bench-drive-*", "/dav/")
	if err != nil {
		return nil, err
	}
	token, err := benchenv.PrepareEnsemble(ctx, bin, s.Dir, "bench-drive")
	if err != nil {
		s.stop()
		return nil, err
	}
	s.user, s.pass = benchenv.BenchEmail, token
	args := []string{"serve", "--listen", addr, "--data", s.Dir, "--log-level", "warn"}
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
	s, addr, err := newServer(nameBare, "bare-bench-drive-*", "/")
	if err != nil {
		return nil, err
	}
	if err := s.start(ctx, bin, "-listen", addr, "-dir", s.Dir); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// startRclone starts `rclone serve webdav` with its defaults over an
// empty folder.
func startRclone(ctx context.Context, rclone string) (*server, error) {
	s, addr, err := newServer(nameRclone, "rclone-bench-drive-*", "/")
	if err != nil {
		return nil, err
	}
	if err := s.start(ctx, rclone, "serve", "webdav", s.Dir, "--addr", addr, "--config", "/dev/null", "-q"); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}
