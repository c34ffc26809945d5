// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/reearth/ygo/crdt"
)

// BenchmarkTrace applies a real editing trace, as the incremental updates a
// yjs client sends, to a fresh document, and checks the final text. The
// updates come from bench/collab/node/trace-local.mjs (bench/collab/run.sh
// runs both); without ENSEMBLE_TRACE_UPDATES the benchmark is skipped.
//
//   - engine: ygo's ApplyUpdateV1 alone, as the replica configures it (GC
//     off), every update: the engine's own cost, to compare with yjs.
//
//   - replica: replica.apply, the server's hot path (validation, and the
//     update the transaction caused, which is what gets stored and
//     relayed), on the first ENSEMBLE_TRACE_REPLICA_UPDATES updates (all
//     if unset), checked against the engine's text for the same prefix.
//
//     node bench/collab/node/trace-local.mjs TRACE.json.gz /tmp/updates.bin
//     ENSEMBLE_TRACE_UPDATES=/tmp/updates.bin go test -run '^$' -bench BenchmarkTrace -benchtime 1x ./internal/collab
func BenchmarkTrace(b *testing.B) {
	path := os.Getenv("ENSEMBLE_TRACE_UPDATES")
	if path == "" {
		b.Skip("ENSEMBLE_TRACE_UPDATES is not set (see bench/collab/README.md)")
	}
	want, updates, err := readTraceUpdates(path)
	if err != nil {
		b.Fatal(err)
	}
	n := len(updates)
	if s := os.Getenv("ENSEMBLE_TRACE_REPLICA_UPDATES"); s != "" {
		if n, err = strconv.Atoi(s); err != nil || n <= 0 || n > len(updates) {
			b.Fatalf("ENSEMBLE_TRACE_REPLICA_UPDATES=%q: want 1 to %d", s, len(updates))
		}
	}
	var prefix string
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			doc := crdt.New(crdt.WithGC(false))
			for i, u := range updates {
				if i == n {
					b.StopTimer()
					prefix = doc.GetText("text").ToString()
					b.StartTimer()
				}
				if err := crdt.ApplyUpdateV1(doc, u, nil); err != nil {
					b.Fatalf("update %d: %v", i, err)
				}
			}
			b.StopTimer()
			if got := doc.GetText("text").ToString(); got != want {
				b.Fatalf("final text: %d characters, want endContent's %d", len(got), len(want))
			}
			if n == len(updates) {
				prefix = want
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(len(updates)), "updates/op")
	})
	b.Run("replica", func(b *testing.B) {
		for b.Loop() {
			r := newReplica()
			for i, u := range updates[:n] {
				if _, err := r.apply(u); err != nil {
					b.Fatalf("update %d: %v", i, err)
				}
			}
			b.StopTimer()
			if got := r.text("text"); got != prefix {
				b.Fatalf("text after %d updates: %d characters, want the engine's %d", n, len(got), len(prefix))
			}
			b.StartTimer()
		}
		b.ReportMetric(float64(n), "updates/op")
	})
}

// readTraceUpdates reads records of a little-endian uint32 length and that
// many bytes: the expected final text, then the updates.
func readTraceUpdates(path string) (want string, updates [][]byte, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	var recs [][]byte
	for len(data) > 0 {
		if len(data) < 4 {
			return "", nil, fmt.Errorf("%s: truncated record length", path)
		}
		n := binary.LittleEndian.Uint32(data)
		if uint64(n) > uint64(len(data)-4) {
			return "", nil, fmt.Errorf("%s: record of %d bytes past the end", path, n)
		}
		recs = append(recs, data[4:4+n])
		data = data[4+n:]
	}
	if len(recs) < 2 {
		return "", nil, fmt.Errorf("%s: no updates", path)
	}
	return string(recs[0]), recs[1:], nil
}
