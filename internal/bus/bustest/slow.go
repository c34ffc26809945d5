// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bustest

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
)

// testSlowSubscriber blocks one handler while SlowMessages are published:
// the publisher must finish anyway, the blocked subscription must count
// what it loses, and once released every message must be accounted for as
// either received or dropped, by it and by a fast subscription alike.
func testSlowSubscriber(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	release := make(chan struct{})
	var slowGot, fastGot atomic.Int64
	slow, err := b.Subscribe(t.Context(), "x", func(bus.Message) { <-release; slowGot.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	fast, err := b.Subscribe(t.Context(), "x", func(bus.Message) { fastGot.Add(1) })
	if err != nil {
		t.Fatal(err)
	}

	published := make(chan error, 1)
	go func() {
		data := make([]byte, 64)
		for range SlowMessages {
			if err := b.Publish(t.Context(), "x", data); err != nil {
				published <- err
				return
			}
		}
		published <- nil
	}()
	var pubErr error
	if !eventually(func() bool {
		select {
		case pubErr = <-published:
			return true
		default:
			return false
		}
	}) {
		t.Fatal("the publisher is blocked by a slow subscriber")
	}
	if pubErr != nil {
		t.Fatalf("Publish: %v", pubErr)
	}
	if !eventually(func() bool { return slow.Dropped() > 0 }) {
		t.Fatalf("the blocked subscriber dropped nothing of %d messages", SlowMessages)
	}
	close(release)
	for name, c := range map[string]struct {
		sub bus.Subscription
		got *atomic.Int64
	}{"slow": {slow, &slowGot}, "fast": {fast, &fastGot}} {
		total := func() int64 { return c.got.Load() + int64(c.sub.Dropped()) }
		if !eventually(func() bool { return total() == SlowMessages }) {
			t.Errorf("%s subscriber: received %d + dropped %d = %d; want %d",
				name, c.got.Load(), c.sub.Dropped(), total(), SlowMessages)
		}
	}
}

// testConcurrent publishes and subscribes from several goroutines at once,
// for the race detector.
func testConcurrent(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	b := newBus(t)
	var wg sync.WaitGroup
	var calls atomic.Int64
	for i := range 8 {
		wg.Go(func() {
			for j := range 200 {
				if err := b.Publish(t.Context(), fmt.Sprintf("s.%d", j%4), []byte{byte(j)}); err != nil {
					t.Error(err)
					return
				}
				if j%50 == 0 {
					s, err := b.Subscribe(t.Context(), fmt.Sprintf("s.%d", i%4), func(bus.Message) { calls.Add(1) })
					if err != nil {
						t.Error(err)
						return
					}
					_ = s.Dropped()
					s.Close()
				}
			}
		})
	}
	wg.Wait()
}
