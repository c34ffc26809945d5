// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"errors"
	"testing"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/bus/bustest"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestEmbeddedConformance(t *testing.T) {
	bustest.Run(t, func(t *testing.T) bus.Bus { return inProcess(t, startServer(t, 0)) })
}

// TestEmbeddedShared runs two buses connected in process to one embedded
// server, as two parts of one program would be.
func TestEmbeddedShared(t *testing.T) {
	bustest.RunShared(t, func(t *testing.T) (bus.Bus, bus.Bus) {
		srv := startServer(t, 0)
		ns := WithNamespace(testNamespace())
		return inProcess(t, srv, ns), inProcess(t, srv, ns)
	})
}

// inProcess returns a bus connected in process to srv.
func inProcess(t *testing.T, srv *server.Server, opts ...Option) *Bus {
	t.Helper()
	b, err := NewInProcess(t.Context(), srv, nil, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}

func TestServerConformance(t *testing.T) {
	url := testNATS(t)
	newBus := func(t *testing.T, ns string) bus.Bus {
		b, err := New(t.Context(), url, nil, WithNamespace(ns))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	}
	t.Run("One", func(t *testing.T) {
		bustest.Run(t, func(t *testing.T) bus.Bus { return newBus(t, testNamespace()) })
	})
	t.Run("Shared", func(t *testing.T) {
		bustest.RunShared(t, func(t *testing.T) (bus.Bus, bus.Bus) {
			ns := testNamespace()
			return newBus(t, ns), newBus(t, ns)
		})
	})
}

// TestNamespaces checks that installations sharing a NATS do not hear
// each other, and that subscribers see subjects without the namespace.
func TestNamespaces(t *testing.T) {
	srv := startServer(t, 0)
	one := inProcess(t, srv, WithNamespace("one"))
	two := inProcess(t, srv, WithNamespace("two"))
	oneAgain := inProcess(t, srv, WithNamespace("one."))
	subjects := func(b *Bus) <-chan string {
		ch := make(chan string, 10)
		if _, err := b.Subscribe(t.Context(), ">", func(m bus.Message) { ch <- m.Subject + "=" + string(m.Data) }); err != nil {
			t.Fatal(err)
		}
		return ch
	}
	onOne, onTwo := subjects(one), subjects(two)
	if err := oneAgain.Publish(t.Context(), "doc.1", []byte("hi")); err != nil {
		t.Fatal(err)
	}
	// Once the server has answered this ping it has queued doc.1 for every
	// subscriber, before anything published next.
	if err := oneAgain.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, b := range []*Bus{one, two} {
		if err := b.Publish(t.Context(), "fence", nil); err != nil {
			t.Fatal(err)
		}
	}
	for name, c := range map[string]struct {
		ch   <-chan string
		want []string
	}{"one": {onOne, []string{"doc.1=hi", "fence="}}, "two": {onTwo, []string{"fence="}}} {
		for _, want := range c.want {
			if got := <-c.ch; got != want {
				t.Errorf("namespace %s received %q; want %q", name, got, want)
			}
		}
	}
	if _, err := NewInProcess(t.Context(), srv, nil, WithNamespace("a b")); !errors.Is(err, errs.Invalid) {
		t.Errorf("NewInProcess with namespace %q = %v; want errs.Invalid", "a b", err)
	}
	if _, err := NewInProcess(t.Context(), nil, nil); !errors.Is(err, errs.Invalid) {
		t.Errorf("NewInProcess with no server = %v; want errs.Invalid", err)
	}
}

func TestPing(t *testing.T) {
	b := inProcess(t, startServer(t, 0))
	if err := b.Ping(t.Context()); err != nil {
		t.Fatalf("Ping = %v", err)
	}
	b.Close()
	if err := b.Ping(t.Context()); !errors.Is(err, errs.Unavailable) {
		t.Fatalf("Ping after Close = %v; want errs.Unavailable", err)
	}
}

// BenchmarkPublish measures Publish to a server in the process; the
// server's and the subscribers' work share the machine with it.
func BenchmarkPublish(b *testing.B) {
	nb, err := NewInProcess(b.Context(), startServer(b, 0), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer nb.Close()
	bustest.BenchmarkPublish(b, nb)
}
