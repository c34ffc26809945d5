// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package bustest is the conformance suite for bus.Bus: one set of tests
// that every implementation passes, so that the in-process bus and the
// NATS one behave alike (the idea of upspin's storagetest).
//
// An implementation's test calls Run with a function that returns a new,
// empty bus for each subtest, and, when two buses can share one backend
// (two nodes on one NATS), RunShared with a function that returns such a
// pair:
//
//	func TestConformance(t *testing.T) {
//		bustest.Run(t, func(t *testing.T) bus.Bus { return newBus(t) })
//	}
//
// The factories close what they make with t.Cleanup; the suite closes some
// buses itself, so Close must be safe to call twice. Subscriptions must
// buffer fewer than SlowMessages/2 messages, or the slow-subscriber test
// cannot make them drop any.
//
// Every wait is bounded (Patience) and nothing asserts a duration: the
// suite runs on shared, noisy machines and under -race.
package bustest

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/bus"
)

// Patience bounds every wait for a message in the suite.
const Patience = 10 * time.Second

// SlowMessages is how many messages the slow-subscriber test publishes
// while one handler is blocked.
const SlowMessages = 5000

type test struct {
	name string
	fn   func(t *testing.T, newBus func(t *testing.T) bus.Bus)
}

var tests = []test{
	{"FanOutInOrder", testFanOutInOrder},
	{"Wildcards", testWildcards},
	{"InvalidInput", testInvalidInput},
	{"PublishFromHandler", testPublishFromHandler},
	{"SlowSubscriberDoesNotBlockPublisher", testSlowSubscriber},
	{"SubscriptionCloseStopsDelivery", testSubscriptionClose},
	{"CloseInsideHandler", testCloseInsideHandler},
	{"BusClose", testBusClose},
	{"ContextEndsSubscription", testContextEndsSubscription},
	{"ConcurrentPublishSubscribe", testConcurrent},
}

// Run runs the conformance suite. newBus must return a new bus each time
// it is called, sharing no subscriptions with earlier ones.
func Run(t *testing.T, newBus func(t *testing.T) bus.Bus) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newBus) })
	}
}

// recorder collects what one subscription receives as "subject=data".
type recorder struct {
	sub bus.Subscription

	mu  sync.Mutex
	got []string
}

// record subscribes to pattern on b and records every message.
func record(t *testing.T, b bus.Bus, pattern string) *recorder {
	t.Helper()
	r := &recorder{}
	sub, err := b.Subscribe(t.Context(), pattern, func(m bus.Message) {
		r.mu.Lock()
		r.got = append(r.got, m.Subject+"="+string(m.Data))
		r.mu.Unlock()
	})
	if err != nil {
		t.Fatalf("Subscribe(%q): %v", pattern, err)
	}
	r.sub = sub
	return r
}

// messages returns a copy of what was received so far.
func (r *recorder) messages() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// wait returns the messages once there are at least n, or fails the test
// after Patience.
func (r *recorder) wait(t *testing.T, n int) []string {
	t.Helper()
	var got []string
	ok := eventually(func() bool { got = r.messages(); return len(got) >= n })
	if !ok {
		t.Fatalf("received %d messages %.300q; want %d", len(got), got, n)
	}
	return got
}

// waitFor returns the messages once one of them is m, or fails the test
// after Patience.
func (r *recorder) waitFor(t *testing.T, m string) []string {
	t.Helper()
	var got []string
	if !eventually(func() bool { got = r.messages(); return slices.Contains(got, m) }) {
		t.Fatalf("never received %q; got %.300q", m, got)
	}
	return got
}

// eventually polls cond until it holds or Patience has passed.
func eventually(cond func() bool) bool {
	deadline := time.Now().Add(Patience)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}
