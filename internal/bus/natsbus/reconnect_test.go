// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// TestReconnect stops the NATS server under a bus, starts it again on the
// same port, and checks that the subscription made before the outage
// delivers again (with what was published meanwhile), that Ping follows the outage, and that both events are
// logged.
func TestReconnect(t *testing.T) {
	srv := startServer(t, -1)
	port := srv.Addr().(*net.TCPAddr).Port
	var logs logBuffer
	b, err := New(t.Context(), fmt.Sprintf("nats://127.0.0.1:%d", port), logs.logger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })

	var mu sync.Mutex
	var got []string
	if _, err := b.Subscribe(t.Context(), "x", func(m bus.Message) {
		mu.Lock()
		got = append(got, string(m.Data))
		mu.Unlock()
	}); err != nil {
		t.Fatal(err)
	}
	received := func(data string) bool {
		mu.Lock()
		defer mu.Unlock()
		return slices.Contains(got, data)
	}
	// publishUntil publishes numbered messages until one of them arrives.
	publishUntil := func(what string) {
		t.Helper()
		i := 0
		waitUntil(t, what, func() bool {
			i++
			if err := b.Publish(t.Context(), "x", fmt.Appendf(nil, "%s-%d", what, i)); err != nil {
				t.Fatalf("Publish while %s: %v", what, err)
			}
			time.Sleep(20 * time.Millisecond)
			for j := 1; j <= i; j++ {
				if received(fmt.Sprintf("%s-%d", what, j)) {
					return true
				}
			}
			return false
		})
	}
	publishUntil("before")

	srv.Shutdown()
	srv.WaitForShutdown()
	waitUntil(t, "Ping to fail while NATS is down", func() bool {
		err := b.Ping(t.Context())
		if err != nil && !errors.Is(err, errs.Unavailable) {
			t.Fatalf("Ping while NATS is down = %v; want errs.Unavailable", err)
		}
		return err != nil
	})
	// Publishing while disconnected is buffered, not an error.
	if err := b.Publish(t.Context(), "x", []byte("during")); err != nil {
		t.Fatalf("Publish while disconnected: %v", err)
	}

	startServer(t, port)
	waitUntil(t, "Ping to succeed after NATS is back", func() bool { return b.Ping(t.Context()) == nil })
	publishUntil("after")
	waitUntil(t, "the message published during the outage", func() bool { return received("during") })
	for _, want := range []string{"disconnected from NATS", "reconnected to NATS"} {
		if !logs.contains(want) {
			t.Errorf("the log does not say %q", want)
		}
	}
}

// waitUntil polls cond for up to 30 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after 30 s: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
