// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"unicode/utf16"
)

// The automerge-paper editing trace (259,778 single-character edits), as
// described in ../shared/data/editing-traces/README.md; ENSEMBLE_TRACES
// names another directory.
func traceFile() string {
	dir := os.Getenv("ENSEMBLE_TRACES")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data", "editing-traces")
	}
	return filepath.Join(dir, "sequential_traces_automerge-paper.json.gz")
}

type trace struct {
	EndContent string `json:"endContent"`
}

// traceState applies the trace as the server receives it, the 259,778
// incremental updates of a yjs client (written by
// collabtest/fixtures/trace.mjs to $ENSEMBLE_TRACE_UPDATES), to a replica
// and returns the document's whole state as ygo encodes it and the final
// text. It is computed once per process.
var traceState = sync.OnceValues(func() ([]byte, string) {
	f, err := os.Open(traceFile())
	if err != nil {
		return nil, ""
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return nil, ""
	}
	var tr trace
	if err := json.NewDecoder(z).Decode(&tr); err != nil {
		return nil, ""
	}
	raw, err := os.ReadFile(os.Getenv("ENSEMBLE_TRACE_UPDATES"))
	if err != nil {
		return nil, ""
	}
	ups, err := splitUpdates(raw)
	if err != nil {
		return nil, ""
	}
	r := newReplica()
	for _, u := range ups {
		if _, err := r.apply(u); err != nil {
			return nil, ""
		}
	}
	if r.text("text") != tr.EndContent {
		return nil, ""
	}
	return r.encode(), tr.EndContent
})

// splitUpdates splits a file of updates, each a varuint length and bytes.
func splitUpdates(raw []byte) ([][]byte, error) {
	var ups [][]byte
	d := &ydec{decoder{buf: raw}}
	for len(d.buf) > 0 && d.err == nil {
		ups = append(ups, d.bytes())
	}
	return ups, d.err
}

// BenchmarkSnapshotTraceApply measures the server's path for the trace:
// the 259,778 updates of a yjs client applied one by one to a replica.
func BenchmarkSnapshotTraceApply(b *testing.B) {
	traceOrSkip(b)
	raw, _ := os.ReadFile(os.Getenv("ENSEMBLE_TRACE_UPDATES"))
	ups, err := splitUpdates(raw)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r := newReplica()
		for _, u := range ups {
			if _, err := r.apply(u); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(ups)), "updates")
}

func traceOrSkip(b testing.TB) ([]byte, string) {
	b.Helper()
	if testing.Short() {
		b.Skip("the trace replay takes seconds")
	}
	state, end := traceState()
	if state == nil {
		b.Skipf("trace %s or its updates $ENSEMBLE_TRACE_UPDATES (node collabtest/fixtures/trace.mjs updates FILE) missing or not reaching endContent", traceFile())
	}
	return state, end
}

// TestSnapshotOfTrace checks the compacted trace reads the same and writes
// it to $ENSEMBLE_SNAPSHOT_OUT if set (for the yjs check in
// collabtest/fixtures/check-snapshot.mjs).
func TestSnapshotOfTrace(t *testing.T) {
	state, end := traceOrSkip(t)
	small, err := compactUpdate(state)
	if err != nil {
		t.Fatal(err)
	}
	if got := replicaOf(t, small).text("text"); got != end {
		t.Fatalf("the compacted trace reads %d characters, not its endContent", len(got))
	}
	t.Logf("automerge-paper: ygo state %d bytes, compacted %d bytes", len(state), len(small))
	if out := os.Getenv("ENSEMBLE_SNAPSHOT_OUT"); out != "" {
		if err := os.WriteFile(out, small, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkSnapshotCompact measures compacting the automerge-paper
// document (bytes/op is reported as the snapshot size).
func BenchmarkSnapshotCompact(b *testing.B) {
	state, _ := traceOrSkip(b)
	var small []byte
	for b.Loop() {
		small, _ = compactUpdate(state)
	}
	b.ReportMetric(float64(len(state)), "ygo-bytes")
	b.ReportMetric(float64(len(small)), "snapshot-bytes")
}

// BenchmarkSnapshotLoad measures loading the automerge-paper document into
// a replica, from ygo's encoding and from the compacted snapshot.
func BenchmarkSnapshotLoad(b *testing.B) {
	state, end := traceOrSkip(b)
	small, err := compactUpdate(state)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		data []byte
	}{{"ygo", state}, {"compacted", small}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				r := newReplica()
				if _, err := r.apply(c.data); err != nil {
					b.Fatal(err)
				}
				if r.doc.GetText("text").Len() != len(utf16.Encode([]rune(end))) {
					b.Fatal("wrong length")
				}
			}
			b.ReportMetric(float64(len(c.data)), "bytes")
		})
	}
}
