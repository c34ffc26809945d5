// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/ensemble-suite/ensemble/bench/internal/benchenv"
)

// server is a collaboration server under test, started by the benchmark.
type server struct {
	*benchenv.Process
	name string
	// base is the websocket URL the y-websocket client appends "/" and a
	// document name to; token, if any, goes in the token parameter.
	base, token string
	// newDoc creates a document and returns its name for wsURL.
	newDoc func(ctx context.Context, title string) (string, error)
}

// stop ends the server and removes its data folder.
func (s *server) stop() { s.Stop() }

func (s *server) pid() int { return s.PID() }

// wsURL returns the websocket URL of a document.
func (s *server) wsURL(doc string) string {
	if s.token != "" {
		return s.base + "/" + doc + "?token=" + s.token
	}
	return s.base + "/" + doc
}

// startEnsemble prepares a fresh data folder with a user and an access
// token, starts `ensemble serve` on it and waits until it is ready.
func startEnsemble(ctx context.Context, bin string) (*server, error) {
	p, err := benchenv.NewProcess("ensemble-bench-collab-*")
	if err != nil {
		return nil, err
	}
	s := &server{Process: p, name: "ensemble"}
	token, err := benchenv.PrepareEnsemble(ctx, bin, s.Dir, "bench")
	if err != nil {
		s.stop()
		return nil, err
	}
	base, err := benchenv.FreeAddr()
	if err != nil {
		s.stop()
		return nil, err
	}
	if err := s.Start(bin, nil, "serve", "--listen", base, "--data", s.Dir, "--log-level", "warn"); err != nil {
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
	base, err := benchenv.FreeAddr()
	if err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(base)
	p, err := benchenv.NewProcess("")
	if err != nil {
		return nil, err
	}
	s := &server{Process: p, name: "y-websocket (node)"}
	if err := s.Start("node", []string{"HOST=" + host, "PORT=" + port}, script); err != nil {
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
	return fmt.Errorf("%s not ready after 20 s:\n%s", s.name, s.Log)
}
