// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package bustest

import (
	"fmt"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus"
)

// BenchmarkPublish measures Publish of a 64-byte message on a bus with
// eleven subscriptions, two of which match (one document's editors and a
// wildcard watcher): the shape of collaborative editing's fan-out.
func BenchmarkPublish(b *testing.B, bb bus.Bus) {
	for i := range 10 {
		if _, err := bb.Subscribe(b.Context(), fmt.Sprintf("doc.%d", i), func(bus.Message) {}); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := bb.Subscribe(b.Context(), "doc.*", func(bus.Message) {}); err != nil {
		b.Fatal(err)
	}
	data := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if err := bb.Publish(b.Context(), "doc.3", data); err != nil {
			b.Fatal(err)
		}
	}
}
