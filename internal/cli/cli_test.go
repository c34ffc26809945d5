// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/cli"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line in process with the given environment.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb strings.Builder
	code := cli.Main(t.Context(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func TestHelpAndVersion(t *testing.T) {
	r := run(t, nil, "help")
	for _, cmd := range []string{"serve", "migrate", "version", "help"} {
		if !strings.Contains(r.stdout, "  "+cmd) {
			t.Errorf("help lacks %q:\n%s", cmd, r.stdout)
		}
	}
	if r.code != 0 {
		t.Errorf("help exit = %d", r.code)
	}
	r = run(t, nil, "help", "serve")
	for _, f := range []string{"--listen", "--data", "--base-url", "--database", "--blobs", "--log-format", "--log-level", "ENSEMBLE_LISTEN", "ENSEMBLE_DATABASE_FILE", "--smtp", "ENSEMBLE_SMTP_FILE", "--mail-from"} {
		if !strings.Contains(r.stdout, f) {
			t.Errorf("help serve lacks %q", f)
		}
	}
	if r := run(t, nil, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "ensemble ") {
		t.Errorf("version = %d %q", r.code, r.stdout)
	}
	if r := run(t, nil); r.code != 2 || !strings.Contains(r.stderr, "Commands:") {
		t.Errorf("no command = %d %q; want 2 and the list", r.code, r.stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"unknown command", nil, []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"unknown flag", nil, []string{"serve", "--frobnicate"}, "--frobnicate"},
		{"bad log format", nil, []string{"serve", "--log-format", "xml"}, `invalid value "xml" for flag --log-format: expected text or json`},
		{"bad log level", nil, []string{"serve", "--log-level", "loud"}, "--log-level"},
		{"bad listen", nil, []string{"serve", "--listen", "8080"}, `invalid value "8080" for --listen`},
		{"bad base url", nil, []string{"serve", "--base-url", "ftp://x"}, "--base-url"},
		{"bad database", nil, []string{"serve", "--database", "mysql://x"}, "--database: expected empty (SQLite in the data folder) or a postgres:// URL"},
		{"bad blobs", nil, []string{"serve", "--blobs", "/tmp/x"}, "--blobs"},
		{"bad size", nil, []string{"serve", "--max-body", "12 parsecs"}, "--max-body"},
		{"bad duration", nil, []string{"serve", "--shutdown-timeout", "soon"}, "--shutdown-timeout"},
		{"bad env value", map[string]string{"ENSEMBLE_LOG_FORMAT": "yaml"}, []string{"serve"}, "ENSEMBLE_LOG_FORMAT (--log-format)"},
		{"extra argument", nil, []string{"serve", "now"}, `unexpected argument "now"`},
		{"bad migrate argument", nil, []string{"migrate", "--data", "x", "sideways"}, "'status'"},
		{"missing secret file", map[string]string{"ENSEMBLE_DATABASE_FILE": "/nonexistent/secret"}, []string{"serve"}, "ENSEMBLE_DATABASE_FILE"},
		{"smtp without sender", nil, []string{"serve", "--smtp", "smtp://u:hunter2@mx.example.org"}, "--mail-from: required with --smtp"},
		{"bad smtp", map[string]string{"ENSEMBLE_SMTP": "smtp://u:hunter2@mx.example.org?starttls=maybe", "ENSEMBLE_MAIL_FROM": "noreply@example.org"}, []string{"serve"}, `for --smtp: starttls="maybe"`},
		{"missing smtp secret file", map[string]string{"ENSEMBLE_SMTP_FILE": "/nonexistent/smtp"}, []string{"serve"}, "ENSEMBLE_SMTP_FILE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.env, tt.args...)
			if r.code != 2 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.want)
			}
			if strings.Contains(r.stderr, "hunter2") {
				t.Errorf("stderr shows a password: %q", r.stderr)
			}
		})
	}
}

func TestRuntimeErrorsAreOneLine(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"port in use", []string{"serve", "--listen", busy.Addr().String()}, "cannot listen on " + busy.Addr().String() + ": address already in use"},
		{"database unreachable", []string{"serve", "--listen", "127.0.0.1:0", "--database", "postgres://x:secretpw@127.0.0.1:1/db"}, "cannot open the database"},
		{"bad s3 url", []string{"serve", "--listen", "127.0.0.1:0", "--blobs", "s3://"}, "cannot open the blob store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			begin := time.Now()
			r := run(t, nil, append(tt.args, "--data", t.TempDir())...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code != 1 || len(lines) != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and one line with %q", r.code, r.stderr, tt.want)
			}
			if strings.Contains(r.stderr, "secretpw") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("stderr shows a password or a stack trace: %q", r.stderr)
			}
			if d := time.Since(begin); d > 10*time.Second {
				t.Errorf("took %s; want under 10 s", d)
			}
		})
	}
}

func TestMigrateCommand(t *testing.T) {
	dir := t.TempDir()
	r := run(t, nil, "migrate", "status", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "pending") {
		t.Fatalf("status on a new database = %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, map[string]string{"ENSEMBLE_DATA": dir}, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, "Applied") {
		t.Fatalf("migrate = %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, "migrate", "status", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "0 pending") || !strings.Contains(r.stdout, "0001") {
		t.Fatalf("status after migrate = %d %q", r.code, r.stdout)
	}
	// A database from a newer binary: refused, naming both versions.
	d, err := db.Open(t.Context(), "", filepath.Join(dir, "ensemble.db"))
	if err != nil {
		t.Fatal(err)
	}
	d.ExecContext(t.Context(), `INSERT INTO schema_migrations (version, name, applied_at) VALUES (4242, 'future', 'x')`)
	d.Close()
	for _, args := range [][]string{{"migrate"}, {"migrate", "status"}, {"serve", "--listen", "127.0.0.1:0"}} {
		r = run(t, nil, append(args, "--data", dir)...)
		if r.code != 1 || !strings.Contains(r.stderr, "version 4242") || !strings.Contains(r.stderr, fmt.Sprintf("(version %d)", db.LatestVersion(db.SQLite))) {
			t.Errorf("%v on a newer database = %d %q", args, r.code, r.stderr)
		}
	}
}

func TestMigrateOnPostgresFromSecretFile(t *testing.T) {
	u := dbtest.PostgresURL(t)
	secret := filepath.Join(t.TempDir(), "db-url")
	os.WriteFile(secret, []byte(u+"\n"), 0o600)
	r := run(t, map[string]string{"ENSEMBLE_DATABASE_FILE": secret}, "migrate")
	if r.code != 0 || !strings.Contains(r.stdout, fmt.Sprintf("Applied %d migration", db.LatestVersion(db.Postgres))) {
		t.Fatalf("migrate on PostgreSQL = %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, map[string]string{"ENSEMBLE_DATABASE_FILE": secret}, "migrate", "status")
	if r.code != 0 || !strings.Contains(r.stdout, "postgres database, 0 pending") {
		t.Fatalf("status on PostgreSQL = %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// serve prints the URL to open, answers, and exits 0 when its context ends.
func TestServeRunsAndStops(t *testing.T) {
	pr, pw := io.Pipe()
	var errb strings.Builder
	ctx, stop := context.WithCancel(context.Background())
	env := map[string]string{"ENSEMBLE_LISTEN": "127.0.0.1:0", "ENSEMBLE_DATA": t.TempDir(), "ENSEMBLE_LOG_FORMAT": "json"}
	var code int
	var wg sync.WaitGroup
	wg.Go(func() {
		code = cli.Main(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), pw, &errb)
		pw.Close()
	})
	br := bufio.NewReader(pr)
	line, err := br.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "Ensemble is running at http://127.0.0.1:") {
		t.Fatalf("first line = %q, %v", line, err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "Ensemble is running at "))
	rest := make(chan string, 1)
	go func() { b, _ := io.ReadAll(br); rest <- string(b) }()
	resp, err := http.Get(url + "healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	stop()
	wg.Wait()
	if out := <-rest; !strings.Contains(out, "ensemble user add") {
		t.Errorf("a new installation does not say how to create the first administrator:\n%s", out)
	}
	if code != 0 {
		t.Fatalf("serve exit = %d; stderr:\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), `"msg":"stopped"`) {
		t.Errorf("JSON logs lack the stop line:\n%s", errb.String())
	}
}
