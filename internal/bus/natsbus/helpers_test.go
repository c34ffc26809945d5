// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"bytes"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// testNamespace returns a namespace of its own for one test, so that
// tests sharing a NATS server (and CI jobs sharing a machine) do not hear
// each other.
func testNamespace() string {
	return fmt.Sprintf("enstest%016x", rand.Uint64())
}

// startServer starts a NATS server in the process, listening on port of
// 127.0.0.1 (a free one if port is -1), or on nothing if port is 0.
func startServer(t testing.TB, port int) *server.Server {
	t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: port, NoSigs: true, NoLog: true}
	if port == 0 {
		opts = &server.Options{DontListen: true, NoSigs: true, NoLog: true}
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		t.Fatal("the NATS server did not start")
	}
	t.Cleanup(srv.Shutdown)
	return srv
}

// testNATS returns the URL of the NATS server of the machine
// ($ENSEMBLE_TEST_NATS, or nats://127.0.0.1:4222). When it cannot be
// reached the test is skipped, except under CI, where it fails.
func testNATS(t *testing.T) string {
	t.Helper()
	url := os.Getenv("ENSEMBLE_TEST_NATS")
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	b, err := New(t.Context(), url, nil, WithConnectTimeout(2*time.Second))
	if err != nil {
		msg := fmt.Sprintf("NATS at %s: %v (set ENSEMBLE_TEST_NATS, or start nats-server as TESTING.md says)", Redact(url), err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " — CI must run the NATS tests")
		}
		t.Skip(msg)
	}
	b.Close()
	return url
}

// logBuffer is a slog destination that tests can read while the bus
// writes to it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) contains(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Contains(l.buf.String(), s)
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
