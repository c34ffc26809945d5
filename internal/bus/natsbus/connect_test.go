// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// freePort returns a loopback port that nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// newWithin runs New and fails the test if it has not returned within a
// generous bound: it must not hang, however it fails.
func newWithin(t *testing.T, ctx context.Context, url string, opts ...Option) error {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		b, err := New(ctx, url, nil, opts...)
		if b != nil {
			b.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatalf("New(%s) still waiting after 30 s", Redact(url))
		return nil
	}
}

func TestConnectRefused(t *testing.T) {
	url := fmt.Sprintf("nats://bus:s3cret@127.0.0.1:%d", freePort(t))
	err := newWithin(t, t.Context(), url)
	if !errors.Is(err, errs.Unavailable) {
		t.Fatalf("New = %v; want errs.Unavailable", err)
	}
	if msg := err.Error(); strings.Contains(msg, "s3cret") || !strings.Contains(msg, "bus:xxxxx@127.0.0.1") {
		t.Errorf("error %q: want the URL with its password redacted", msg)
	}
}

// TestConnectTimeout connects to a socket that accepts and never speaks:
// New gives up after the connect timeout.
func TestConnectTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	err = newWithin(t, t.Context(), "nats://token@"+l.Addr().String(), WithConnectTimeout(200*time.Millisecond))
	if !errors.Is(err, errs.Unavailable) {
		t.Fatalf("New = %v; want errs.Unavailable", err)
	}
	if strings.Contains(err.Error(), "token@") {
		t.Errorf("error %q shows the token", err)
	}
}

func TestConnectCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := newWithin(t, ctx, "nats://127.0.0.1:4222"); !errors.Is(err, context.Canceled) {
		t.Fatalf("New with a canceled context = %v; want context.Canceled", err)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"nats://127.0.0.1:4222", "nats://127.0.0.1:4222"},
		{"nats://u:p@h:4222", "nats://u:xxxxx@h:4222"},
		{"tls://tok@h:4222", "tls://xxxxx@h:4222"},
		{"nats://a:1@h1:4222, nats://h2:4222", "nats://a:xxxxx@h1:4222,nats://h2:4222"},
		{"h:4222", "h:4222"},
		{"u:p@h:4222", "nats://u:xxxxx@h:4222"},
		{"nats://u:p@h:4222/%zz", "(unparsable URL)"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
