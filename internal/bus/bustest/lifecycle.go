// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bustest

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus"
)

// testSubscriptionClose checks that no call of a handler starts after its
// subscription's Close returns. A second subscription on the same subject
// shows when the later messages have gone through the bus.
func testSubscriptionClose(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	var calls atomic.Int64
	sub, err := b.Subscribe(t.Context(), "x", func(bus.Message) { calls.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	control := record(t, b, "x")
	if err := sub.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for i := range 10 {
		publish(t, b, "x", fmt.Sprint(i))
	}
	control.wait(t, 10)
	if n := calls.Load(); n != 0 {
		t.Fatalf("handler called %d times after Close", n)
	}
	if err := sub.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// testCloseInsideHandler checks that a handler may close its own
// subscription, and that it is then not called again.
func testCloseInsideHandler(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	var calls atomic.Int64
	var sub atomic.Pointer[bus.Subscription]
	s, err := b.Subscribe(t.Context(), "x", func(bus.Message) {
		calls.Add(1)
		for sub.Load() == nil { // Subscribe has not returned yet
			time.Sleep(time.Millisecond)
		}
		(*sub.Load()).Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	sub.Store(&s)
	control := record(t, b, "x")
	for i := range 10 {
		publish(t, b, "x", fmt.Sprint(i))
	}
	control.wait(t, 10)
	// Each subscription is delivered to on its own: the control having
	// everything does not mean the first handler has run yet.
	if !eventually(func() bool { return calls.Load() >= 1 }) {
		t.Fatal("handler never called")
	}
	// The nine others, published before it closed its subscription, must
	// not follow: give them time to (a wrong bus fails here, a right one
	// cannot).
	time.Sleep(50 * time.Millisecond)
	if n := calls.Load(); n != 1 {
		t.Fatalf("handler called %d times; want 1 (it closed its subscription)", n)
	}
}

// testBusClose checks that a closed bus refuses Publish and Subscribe with
// bus.ErrClosed, and that closing twice, and closing a subscription of a
// closed bus, are harmless.
func testBusClose(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	sub, err := b.Subscribe(t.Context(), "x", func(bus.Message) {})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := b.Publish(t.Context(), "x", nil); !errors.Is(err, bus.ErrClosed) {
		t.Errorf("Publish after Close = %v; want bus.ErrClosed", err)
	}
	if _, err := b.Subscribe(t.Context(), "x", func(bus.Message) {}); !errors.Is(err, bus.ErrClosed) {
		t.Errorf("Subscribe after Close = %v; want bus.ErrClosed", err)
	}
	if err := sub.Close(); err != nil {
		t.Errorf("closing a subscription of a closed bus: %v", err)
	}
	_ = sub.Dropped()
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// testContextEndsSubscription checks that a subscription ends with its
// context. The end is asynchronous, so the test publishes rounds of
// messages until the handler has stopped being called for three rounds in
// a row, within Patience.
func testContextEndsSubscription(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	ctx, cancel := context.WithCancel(t.Context())
	var calls atomic.Int64
	if _, err := b.Subscribe(ctx, "x", func(bus.Message) { calls.Add(1) }); err != nil {
		t.Fatal(err)
	}
	control := record(t, b, "x")
	publish(t, b, "x", "0")
	control.wait(t, 1)
	if !eventually(func() bool { return calls.Load() == 1 }) {
		t.Fatal("the subscription received nothing before its context ended")
	}
	cancel()
	deadline := time.Now().Add(Patience)
	for round, quiet := 1, 0; quiet < 3; round++ {
		if time.Now().After(deadline) {
			t.Fatalf("handler still called (%d calls) after its context ended", calls.Load())
		}
		before := calls.Load()
		publish(t, b, "x", fmt.Sprint(round))
		control.wait(t, round+1)
		time.Sleep(20 * time.Millisecond) // let a live subscription catch up
		if calls.Load() == before {
			quiet++
		} else {
			quiet = 0
		}
	}
}
