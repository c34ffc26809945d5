// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/server"
)

type testServer struct {
	*server.Server
	url  string
	logs *logBuffer
}

// start runs a whole server on a free loopback port until the test ends.
func start(t *testing.T, edit func(*config.Config)) *testServer {
	t.Helper()
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	if edit != nil {
		edit(&cfg)
	}
	logs := &logBuffer{}
	s, err := server.New(t.Context(), cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
		s.Close()
	})
	return &testServer{Server: s, url: "http://" + s.Addr().String(), logs: logs}
}

func (ts *testServer) do(t *testing.T, method, path string, body io.Reader, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, ts.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

type apiError struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
	} `json:"error"`
}

func decodeError(t *testing.T, b []byte) apiError {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(b, &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("body %q is not the JSON error shape: %v", b, err)
	}
	return e
}

func TestHealthAndReadiness(t *testing.T) {
	ts := start(t, nil)
	resp, body := ts.do(t, "GET", "/healthz", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"ok"`) {
		t.Fatalf("/healthz = %d %s", resp.StatusCode, body)
	}
	resp, body = ts.do(t, "GET", "/readyz", nil, nil)
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	json.Unmarshal(body, &ready)
	if resp.StatusCode != 200 || ready.Checks["database"] != "ok" || ready.Checks["blobs"] != "ok" {
		t.Fatalf("/readyz = %d %s", resp.StatusCode, body)
	}
	// With the database gone, the server is alive but not ready.
	ts.DB().Close()
	resp, body = ts.do(t, "GET", "/readyz", nil, nil)
	json.Unmarshal(body, &ready)
	if resp.StatusCode != 503 || ready.Checks["database"] != "unavailable" || ready.Checks["blobs"] != "ok" {
		t.Fatalf("/readyz with the database closed = %d %s", resp.StatusCode, body)
	}
	if resp, _ := ts.do(t, "GET", "/healthz", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("/healthz with the database closed = %d", resp.StatusCode)
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	ts := start(t, nil)
	for _, path := range []string{"/", "/healthz", "/api/v1/shell", "/api/nope", "/some/client/route", "/assets/missing.js", "/metrics"} {
		resp, _ := ts.do(t, "GET", path, nil, nil)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || !strings.Contains(csp, "script-src 'self'") || strings.Contains(strings.Split(strings.Split(csp, "script-src")[1], ";")[0], "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy = %q", path, csp)
		}
		if !strings.Contains(csp, "frame-ancestors 'self'") {
			t.Errorf("%s: CSP lacks frame-ancestors 'self'", path)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: nosniff = %q, Referrer-Policy = %q", path, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent over plain http", path)
		}
		if h.Get("X-Request-Id") == "" {
			t.Errorf("%s: no X-Request-Id", path)
		}
	}
}

func TestHSTSWhenHTTPS(t *testing.T) {
	ts := start(t, func(c *config.Config) { c.BaseURL = "https://ensemble.example.gouv.fr" })
	resp, _ := ts.do(t, "GET", "/healthz", nil, nil)
	if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.Contains(hsts, "max-age=") {
		t.Fatalf("HSTS = %q with an https base URL", hsts)
	}
}

func TestAPIErrors(t *testing.T) {
	ts := start(t, nil)
	resp, body := ts.do(t, "GET", "/api/v1/no-such-route", nil, nil)
	if e := decodeError(t, body); resp.StatusCode != 404 || e.Error.Code != "not_found" || e.Error.RequestID != resp.Header.Get("X-Request-Id") {
		t.Errorf("unknown API route = %d %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	resp, body = ts.do(t, "POST", "/api/v1/shell", strings.NewReader("{}"), map[string]string{"Content-Type": "application/json"})
	if resp.StatusCode != 405 {
		t.Errorf("POST /api/v1/shell = %d %s; want 405", resp.StatusCode, body)
	}
}

func TestBodyLimit(t *testing.T) {
	ts := start(t, func(c *config.Config) { c.MaxBodyBytes = 4096 })
	resp, body := ts.do(t, "POST", "/api/v1/anything", strings.NewReader(strings.Repeat("x", 5000)), map[string]string{"Content-Type": "application/json"})
	if e := decodeError(t, body); resp.StatusCode != 413 || e.Error.Code != "too_large" {
		t.Fatalf("oversized body = %d %s; want 413 too_large", resp.StatusCode, body)
	}
	if strings.Contains(ts.logs.String(), "level=ERROR") {
		t.Errorf("a client's mistake was logged at error level:\n%s", ts.logs.String())
	}
}

func TestCrossOriginRefused(t *testing.T) {
	ts := start(t, nil)
	cross := map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example", "Content-Type": "application/json"}
	resp, body := ts.do(t, "POST", "/api/v1/anything", strings.NewReader("{}"), cross)
	if e := decodeError(t, body); resp.StatusCode != 403 || e.Error.Code != "cross_origin" {
		t.Fatalf("cross-site POST = %d %s; want 403 cross_origin", resp.StatusCode, body)
	}
	// A cross-site GET is harmless and passes.
	if resp, _ := ts.do(t, "GET", "/healthz", nil, cross); resp.StatusCode != 200 {
		t.Errorf("cross-site GET = %d; want 200", resp.StatusCode)
	}
	// Same origin passes the check (and reaches the router: 404 here).
	same := map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": ts.url, "Content-Type": "application/json"}
	if resp, _ := ts.do(t, "POST", "/api/v1/anything", strings.NewReader("{}"), same); resp.StatusCode != 404 {
		t.Errorf("same-origin POST = %d; want 404 from the router", resp.StatusCode)
	}
}

func TestRequestIDs(t *testing.T) {
	ts := start(t, nil)
	resp, _ := ts.do(t, "GET", "/healthz", nil, map[string]string{"X-Request-Id": "proxy-id-123"})
	if got := resp.Header.Get("X-Request-Id"); got != "proxy-id-123" {
		t.Errorf("well-formed incoming ID = %q; want it kept", got)
	}
	resp, _ = ts.do(t, "GET", "/healthz", nil, map[string]string{"X-Request-Id": "bad id\"<script>"})
	if got := resp.Header.Get("X-Request-Id"); got == "" || strings.ContainsAny(got, " \"<") {
		t.Errorf("malformed incoming ID gave %q; want a fresh one", got)
	}
}

func TestAccessLogRedactsSecrets(t *testing.T) {
	ts := start(t, nil)
	ts.do(t, "GET", "/api/v1/shell?token=s3cr3t-value&x=1", nil, nil)
	logs := ts.logs.String()
	if strings.Contains(logs, "s3cr3t-value") {
		t.Fatalf("a token reached the log:\n%s", logs)
	}
	if !strings.Contains(logs, "token=REDACTED") || !strings.Contains(logs, "route=\"GET /api/v1/shell\"") {
		t.Fatalf("access log line missing or without route:\n%s", logs)
	}
}

func TestMetrics(t *testing.T) {
	ts := start(t, nil)
	ts.do(t, "GET", "/api/v1/shell", nil, nil)
	_, body := ts.do(t, "GET", "/metrics", nil, nil)
	for _, want := range []string{`ensemble_http_requests_total{code="200",method="GET",route="GET /api/v1/shell"} 1`, "go_goroutines", "process_resident_memory_bytes"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	secured := start(t, func(c *config.Config) { c.MetricsToken = "tok" })
	if resp, _ := secured.do(t, "GET", "/metrics", nil, nil); resp.StatusCode != 401 {
		t.Errorf("/metrics without the token = %d; want 401", resp.StatusCode)
	}
	if resp, _ := secured.do(t, "GET", "/metrics", nil, map[string]string{"Authorization": "Bearer tok"}); resp.StatusCode != 200 {
		t.Errorf("/metrics with the token = %d; want 200", resp.StatusCode)
	}
}

func TestShell(t *testing.T) {
	ts := start(t, nil)
	resp, body := ts.do(t, "GET", "/api/v1/shell", nil, nil)
	var shell struct {
		Product string            `json:"product"`
		Version string            `json:"version"`
		Modules []json.RawMessage `json:"modules"`
	}
	if err := json.Unmarshal(body, &shell); err != nil || resp.StatusCode != 200 || shell.Product != "Ensemble" || shell.Version == "" || shell.Modules == nil {
		t.Fatalf("/api/v1/shell = %d %s", resp.StatusCode, body)
	}
}

func TestClientRoutesServeTheApp(t *testing.T) {
	ts := start(t, nil)
	for _, path := range []string{"/", "/docs/some/page", "/unknown"} {
		resp, body := ts.do(t, "GET", path, nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(strings.ToLower(string(body)), "<html") {
			t.Errorf("GET %s = %d; want the app's HTML", path, resp.StatusCode)
		}
	}
}

func TestStartupFailures(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o600)

	tests := []struct {
		name string
		edit func(*config.Config)
		want string
	}{
		{"port in use", func(c *config.Config) { c.Listen = busy.Addr().String() }, "listen on " + busy.Addr().String()},
		{"data folder is a file", func(c *config.Config) { c.DataDir = filepath.Join(file, "sub") }, "use the data folder"},
		{"database unreachable", func(c *config.Config) { c.Database = "postgres://ensemble@127.0.0.1:1/ensemble" }, "open the database (PostgreSQL postgres://ensemble@127.0.0.1:1/ensemble)"},
		{"bad s3 URL", func(c *config.Config) { c.Blobs = "s3://" }, "open the blob store"},
		{"NATS unreachable", func(c *config.Config) { c.NATS = "nats://bus:s3cret@127.0.0.1:1" }, "connect to NATS (nats://bus:xxxxx@127.0.0.1:1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.Listen = "127.0.0.1:0"
			cfg.DataDir = t.TempDir()
			tt.edit(&cfg)
			start := time.Now()
			s, err := server.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
			if err == nil {
				s.Close()
				t.Fatal("New succeeded")
			}
			var se *server.StartupError
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("New = %q; want one line containing %q", err, tt.want)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("failed after %s; want under 10 s", d)
			}
		})
	}
}

func TestRefusesNewerDatabase(t *testing.T) {
	dir := t.TempDir()
	cfg := config.Default()
	cfg.Listen, cfg.DataDir = "127.0.0.1:0", dir
	d, err := db.Open(t.Context(), "", cfg.SQLitePath())
	if err != nil {
		t.Fatal(err)
	}
	d.Migrate(t.Context())
	d.ExecContext(t.Context(), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 'x')`)
	d.Close()
	_, err = server.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	var newer *db.SchemaNewerError
	if !errors.As(err, &newer) || newer.Database != 9999 || !strings.Contains(err.Error(), "9999") {
		t.Fatalf("New on a newer database = %v; want a SchemaNewerError naming both versions", err)
	}
}

func TestOnPostgres(t *testing.T) {
	u := dbtest.PostgresURL(t)
	ts := start(t, func(c *config.Config) { c.Database = u })
	if ts.DB().Dialect() != db.Postgres {
		t.Fatalf("dialect = %s", ts.DB().Dialect())
	}
	if resp, body := ts.do(t, "GET", "/readyz", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("/readyz on PostgreSQL = %d %s", resp.StatusCode, body)
	}
}

// logBuffer collects the server's log lines; its goroutines write while the test reads.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newServer(t *testing.T, cfg config.Config) (*server.Server, error) {
	s, err := server.New(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err == nil {
		s.Close()
	}
	return s, err
}
