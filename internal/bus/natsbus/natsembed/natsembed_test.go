// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsembed_test

import (
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/bus/bustest"
	"github.com/ensemble-suite/ensemble/internal/bus/natsbus"
	"github.com/ensemble-suite/ensemble/internal/bus/natsbus/natsembed"
)

func TestConformance(t *testing.T) {
	bustest.Run(t, func(t *testing.T) bus.Bus {
		b, err := natsembed.New(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	})
}

// TestShared runs two buses on one server: one in process, one over the
// loopback listener, as a second node would connect.
func TestShared(t *testing.T) {
	bustest.RunShared(t, func(t *testing.T) (bus.Bus, bus.Bus) {
		s, err := natsembed.Start(t.Context(), nil, natsembed.Options{Listen: "127.0.0.1:0"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(s.Shutdown)
		a, err := s.Connect(t.Context(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		b, err := natsbus.New(t.Context(), s.URL(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return a, b
	})
}

// TestCloseStopsServer checks that a Bus from New takes its server down.
func TestCloseStopsServer(t *testing.T) {
	b, err := natsembed.New(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Ping(t.Context()); err != nil {
		t.Fatalf("Ping = %v", err)
	}
	b.Close()
	if err := b.Ping(t.Context()); err == nil {
		t.Fatal("Ping after Close succeeded")
	}
	s, err := natsembed.Start(t.Context(), nil, natsembed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Shutdown()
	if u := s.URL(); u != "" {
		t.Errorf("URL() of a server that does not listen = %q; want empty", u)
	}
	if _, err := natsembed.Start(t.Context(), nil, natsembed.Options{Listen: "no port"}); err == nil {
		t.Error("Start with a bad Listen succeeded")
	}
}
