// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bustest

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// publish publishes or fails the test.
func publish(t *testing.T, b bus.Bus, subject, data string) {
	t.Helper()
	if err := b.Publish(t.Context(), subject, []byte(data)); err != nil {
		t.Fatalf("Publish(%q): %v", subject, err)
	}
}

// checkInOrder checks that two subscriptions on one bus each receive the
// messages of their pattern, in publish order.
func checkInOrder(t *testing.T, pub bus.Bus, all, one *recorder) {
	t.Helper()
	for i := range 100 {
		publish(t, pub, fmt.Sprintf("doc.%d", i%2), fmt.Sprint(i))
	}
	publish(t, pub, "other", "x")
	for i, m := range all.wait(t, 100) {
		if want := fmt.Sprintf("doc.%d=%d", i%2, i); m != want {
			t.Fatalf("doc.> message %d = %q; want %q", i, m, want)
		}
	}
	for i, m := range one.wait(t, 50) {
		if want := fmt.Sprintf("doc.1=%d", 2*i+1); m != want {
			t.Fatalf("doc.1 message %d = %q; want %q", i, m, want)
		}
	}
}

func testFanOutInOrder(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	checkInOrder(t, b, record(t, b, "doc.>"), record(t, b, "doc.1"))
}

func testWildcards(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	subjects := []string{"a", "a.b", "a.b.c", "a.b.d", "a.b.c.d", "x", "x.b.c", "ab.b"}
	// fences[p] matches p and is published last: once it arrives, every
	// earlier message has been delivered or filtered out.
	fences := map[string]string{
		"a": "a", "a.*": "a.fence", "a.>": "a.fence", ">": "fence",
		"*": "fence", "a.*.c": "a.fence.c", "*.b.>": "fence.b.c",
	}
	recs := map[string]*recorder{}
	for p := range fences {
		recs[p] = record(t, b, p)
	}
	for _, s := range subjects {
		publish(t, b, s, "m")
	}
	for _, f := range slices.Compact(slices.Sorted(maps.Values(fences))) {
		publish(t, b, f, "fence")
	}
	for p, r := range recs {
		got := r.waitFor(t, fences[p]+"=fence")
		var want []string
		for _, s := range subjects {
			if bus.Match(p, s) {
				want = append(want, s+"=m")
			}
		}
		// Drop the fences: which of them arrived by now depends on timing.
		got = slices.DeleteFunc(got, func(m string) bool { return strings.HasSuffix(m, "=fence") })
		if !slices.Equal(got, want) {
			t.Errorf("pattern %q received %q; want %q", p, got, want)
		}
	}
}

func testInvalidInput(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	for _, s := range []string{"", "a.*", "a.>", ">", "a..b", ".a", "a.", "a b", "a*"} {
		if err := b.Publish(t.Context(), s, nil); !errors.Is(err, errs.Invalid) {
			t.Errorf("Publish(%q) = %v; want errs.Invalid", s, err)
		}
	}
	for _, p := range []string{"", "a..b", "a.>.b", "a*", ">x", "a b"} {
		if _, err := b.Subscribe(t.Context(), p, func(bus.Message) {}); !errors.Is(err, errs.Invalid) {
			t.Errorf("Subscribe(%q) = %v; want errs.Invalid", p, err)
		}
	}
	if _, err := b.Subscribe(t.Context(), "a", nil); !errors.Is(err, errs.Invalid) {
		t.Errorf("Subscribe with a nil handler = %v; want errs.Invalid", err)
	}
}

// testPublishFromHandler checks that a handler may publish on its own bus
// without deadlocking.
func testPublishFromHandler(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	pongs := record(t, b, "pong")
	_, err := b.Subscribe(t.Context(), "ping", func(m bus.Message) {
		if err := b.Publish(t.Context(), "pong", m.Data); err != nil {
			t.Errorf("Publish from a handler: %v", err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		publish(t, b, "ping", fmt.Sprint(i))
	}
	got := pongs.wait(t, 10)
	if got[9] != "pong=9" {
		t.Errorf("last pong = %q; want pong=9", got[9])
	}
}
