// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bustest

import (
	"fmt"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
)

// RunShared runs the cross-instance tests: newPair returns two buses on
// one backend (two nodes on one NATS), sharing nothing with earlier pairs.
// A message published on either must reach the subscribers of both.
// Implementations without a shared backend (bus.Local) do not call it.
func RunShared(t *testing.T, newPair func(t *testing.T) (a, b bus.Bus)) {
	t.Run("CrossInstanceInOrder", func(t *testing.T) {
		a, b := newPair(t)
		checkInOrder(t, a, record(t, b, "doc.>"), record(t, b, "doc.1"))
	})
	t.Run("BothWays", func(t *testing.T) {
		a, b := newPair(t)
		onA, onB := record(t, a, "room.*"), record(t, b, "room.*")
		publish(t, a, "room.1", "from a")
		publish(t, b, "room.2", "from b")
		for name, r := range map[string]*recorder{"a": onA, "b": onB} {
			r.waitFor(t, "room.1=from a")
			if got := r.waitFor(t, "room.2=from b"); len(got) != 2 {
				t.Errorf("subscriber on %s received %q; want the two messages once each", name, got)
			}
		}
	})
	t.Run("ClosingOneLeavesTheOther", func(t *testing.T) {
		a, b := newPair(t)
		onA, onB := record(t, a, "x"), record(t, b, "x")
		if err := a.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		for i := range 10 {
			publish(t, b, "x", fmt.Sprint(i))
		}
		onB.wait(t, 10)
		if got := onA.messages(); len(got) != 0 {
			t.Errorf("a closed bus delivered %q", got)
		}
	})
}
