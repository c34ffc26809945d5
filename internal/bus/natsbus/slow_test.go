// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package natsbus

import (
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
)

// TestSlowSubscriberLogged checks WithBuffer and that a subscription that
// starts dropping is logged, with its pattern.
func TestSlowSubscriberLogged(t *testing.T) {
	var logs logBuffer
	b, err := NewInProcess(t.Context(), startServer(t, 0), logs.logger(), WithBuffer(4))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	release := make(chan struct{})
	defer close(release)
	sub, err := b.Subscribe(t.Context(), "doc.*", func(bus.Message) { <-release })
	if err != nil {
		t.Fatal(err)
	}
	for range 100 {
		if err := b.Publish(t.Context(), "doc.7", nil); err != nil {
			t.Fatal(err)
		}
	}
	waitUntil(t, "drops", func() bool { return sub.Dropped() > 0 })
	waitUntil(t, "the slow-subscriber warning", func() bool {
		return logs.contains("slow subscriber is losing messages") && logs.contains("pattern=doc.*")
	})
	// nats.go counts the message in the handler's hands as pending.
	if d := sub.Dropped(); d > 96 {
		t.Errorf("Dropped() = %d; want at most 96 of 100 with a buffer of 4", d)
	}
}
