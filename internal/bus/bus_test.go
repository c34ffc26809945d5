// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bus_test

import (
	"errors"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/bus/bustest"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, subject string
		want             bool
	}{
		{"a", "a", true},
		{"a", "b", false},
		{"a.b", "a.b", true},
		{"a.b", "a", false},
		{"a", "a.b", false},
		{"a.*", "a.b", true},
		{"a.*", "a.b.c", false},
		{"a.*.c", "a.b.c", true},
		{"a.*.c", "a.b.d", false},
		{"a.>", "a.b", true},
		{"a.>", "a.b.c", true},
		{"a.>", "a", false},
		{">", "x.y", true},
		{"*", "x", true},
		{"*", "x.y", false},
		{"collab.doc.*", "collab.doc.42", true},
		{"ab", "a", false},
	}
	for _, tt := range tests {
		if got := bus.Match(tt.pattern, tt.subject); got != tt.want {
			t.Errorf("Match(%q, %q) = %v; want %v", tt.pattern, tt.subject, got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, s := range []string{"", "a..b", ".a", "a.", "a b", "a.*", "a.>", "a*"} {
		if err := bus.ValidSubject(s); !errors.Is(err, errs.Invalid) {
			t.Errorf("ValidSubject(%q) = %v; want errs.Invalid", s, err)
		}
	}
	for _, p := range []string{"", "a.>.b", "a*", ">x", "a..b"} {
		if err := bus.ValidPattern(p); !errors.Is(err, errs.Invalid) {
			t.Errorf("ValidPattern(%q) = %v; want errs.Invalid", p, err)
		}
	}
	for _, p := range []string{"a", "a.*", "a.>", "*.b.>", "collab.doc.01HZX"} {
		if err := bus.ValidPattern(p); err != nil {
			t.Errorf("ValidPattern(%q) = %v", p, err)
		}
	}
}

func TestLocalConformance(t *testing.T) {
	// Local buses share nothing, so the cross-instance tests (RunShared)
	// do not apply.
	bustest.Run(t, func(t *testing.T) bus.Bus {
		b := bus.NewLocal(0)
		t.Cleanup(func() { b.Close() })
		return b
	})
}

// TestLocalDropBound checks Local's exact bound: with a buffer of 4 and
// one message in the handler's hands, at most 100-5 of 100 are lost.
func TestLocalDropBound(t *testing.T) {
	b := bus.NewLocal(4)
	defer b.Close()
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	slow, err := b.Subscribe(t.Context(), "x", func(bus.Message) {
		select {
		case started <- struct{}{}:
		default:
		}
		<-release
	})
	if err != nil {
		t.Fatal(err)
	}
	defer close(release)
	if err := b.Publish(t.Context(), "x", nil); err != nil {
		t.Fatal(err)
	}
	<-started
	for range 99 {
		if err := b.Publish(t.Context(), "x", nil); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := slow.Dropped(), uint64(95); got != want {
		t.Errorf("Dropped() = %d; want %d (buffer 4, one in hand)", got, want)
	}
}

func BenchmarkPublish(b *testing.B) {
	lb := bus.NewLocal(0)
	defer lb.Close()
	bustest.BenchmarkPublish(b, lb)
}
