// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drain_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/drain"
)

func TestDrainWaitsForTracked(t *testing.T) {
	g := drain.New()
	stopping, done, ok := g.Track()
	if !ok {
		t.Fatal("Track refused before draining")
	}
	closed := make(chan struct{})
	go func() {
		<-stopping.Done()
		time.Sleep(20 * time.Millisecond)
		close(closed)
		done()
		done() // calling done twice is harmless
	}()
	if err := g.Drain(context.Background()); err != nil {
		t.Fatalf("Drain = %v", err)
	}
	select {
	case <-closed:
	default:
		t.Fatal("Drain returned before the connection closed")
	}
	if _, _, ok := g.Track(); ok {
		t.Fatal("Track accepted a connection while draining")
	}
}

func TestDrainDeadline(t *testing.T) {
	g := drain.New()
	_, done, _ := g.Track()
	defer done()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := g.Drain(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Drain with a stuck connection = %v; want the deadline", err)
	}
}
