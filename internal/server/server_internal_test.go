// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ensemble-suite/ensemble/internal/config"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testConfig(t *testing.T) config.Config {
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.ShutdownTimeout = 5 * time.Second
	return cfg
}

// A stop lets in-flight requests finish, closes websockets with 1001
// ("going away"), refuses new connections and returns nil.
func TestGracefulStop(t *testing.T) {
	logs := &syncBuffer{}
	s, err := New(t.Context(), testConfig(t), slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	slowStarted := make(chan struct{})
	s.mux.HandleFunc("GET /test/slow", func(w http.ResponseWriter, r *http.Request) {
		close(slowStarted)
		time.Sleep(300 * time.Millisecond)
		io.WriteString(w, "finished")
	})
	s.mux.HandleFunc("GET /test/ws", func(w http.ResponseWriter, r *http.Request) {
		stopping, done, ok := s.streams.Track()
		if !ok {
			http.Error(w, "stopping", http.StatusServiceUnavailable)
			return
		}
		defer done()
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		go func() {
			<-stopping.Done()
			c.Close(websocket.StatusGoingAway, "server stopping")
		}()
		for {
			if _, _, err := c.Read(context.Background()); err != nil {
				return
			}
		}
	})

	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx) }()
	base := s.URL().String()

	ws, _, err := websocket.Dial(t.Context(), "ws"+base[len("http"):]+"/test/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	wsClosed := make(chan websocket.StatusCode, 1)
	go func() {
		_, _, err := ws.Read(context.Background())
		wsClosed <- websocket.CloseStatus(err)
	}()

	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/test/slow")
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		slow <- string(b)
	}()
	<-slowStarted
	stop()

	if got := <-slow; got != "finished" {
		t.Errorf("in-flight request got %q; want it to finish", got)
	}
	select {
	case code := <-wsClosed:
		if code != websocket.StatusGoingAway {
			t.Errorf("websocket closed with %v; want %v", code, websocket.StatusGoingAway)
		}
	case <-time.After(5 * time.Second):
		t.Error("websocket not closed by the stop")
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve = %v; want nil after a clean stop", err)
		}
	case <-time.After(6 * time.Second):
		t.Fatal("Serve did not return")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("a request after the stop was answered")
	}
}

// A request that outlives the shutdown timeout makes Serve report it.
func TestStopTimeout(t *testing.T) {
	cfg := testConfig(t)
	cfg.ShutdownTimeout = 100 * time.Millisecond
	s, err := New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	started := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	s.mux.HandleFunc("GET /test/stuck", func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	})
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx) }()
	go http.Get(s.URL().String() + "/test/stuck")
	<-started
	stop()
	if err := <-served; err == nil {
		t.Fatal("Serve = nil; want an error naming the requests still running")
	}
}
