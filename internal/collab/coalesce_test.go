// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"bytes"
	"errors"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/reearth/ygo/crdt"

	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// mergedWindows merges runs of 1 to 12 consecutive updates of a log.
func mergedWindows(t *testing.T, updates [][]byte, rng *rand.Rand) [][]byte {
	t.Helper()
	var out [][]byte
	for i := 0; i < len(updates); {
		n := min(1+rng.IntN(12), len(updates)-i)
		m, err := mergeUpdates(updates[i : i+n])
		if err != nil {
			t.Fatalf("merge of updates %d..%d: %v", i, i+n, err)
		}
		out = append(out, m)
		i += n
	}
	return out
}

// A client that receives merged windows of the log ends with the same
// document as one that receives every update.
func TestMergedUpdatesReadTheSame(t *testing.T) {
	for seed := range uint64(4) {
		log := busyDocument(t, seed)
		rng := rand.New(rand.NewPCG(seed, 99))
		merged := mergedWindows(t, log, rng)
		if len(merged) >= len(log) {
			t.Fatalf("seed %d: %d merged updates for %d", seed, len(merged), len(log))
		}
		sameContent(t, replicaOf(t, log...).encode(), replicaOf(t, merged...).encode())
	}
}

// The updates yjs itself made (testdata/fixtures) merge too.
func TestMergedYjsUpdatesReadTheSame(t *testing.T) {
	for _, name := range []string{"text", "maps", "blocknote"} {
		t.Run(name, func(t *testing.T) {
			_, updates, want := readFixture(t, name)
			merged := mergedWindows(t, updates, rand.New(rand.NewPCG(1, 2)))
			c, err := NewContent(replicaOf(t, merged...).encode())
			if err != nil {
				t.Fatal(err)
			}
			if got, w := jsonOf(t, readingOf(c, want)), jsonOf(t, want); got != w {
				t.Errorf("merged fixture reads\n%s\nwant\n%s", got, w)
			}
		})
	}
}

// Updates with a hole between them merge with a skip: the client holds
// the later structs until the missing ones arrive.
func TestMergeAcrossAGap(t *testing.T) {
	ty := newTypist(5)
	txt := ty.doc.GetText("t")
	for _, s := range []string{"a", "b", "c", "d"} {
		ty.do(func(txn *crdt.Transaction) { txt.Insert(txn, txt.Len(), s, nil) })
	}
	u := ty.updates
	m, err := mergeUpdates([][]byte{u[0], u[2], u[3]})
	if err != nil {
		t.Fatal(err)
	}
	r := replicaOf(t, m)
	if got := r.text("t"); got != "a" {
		t.Fatalf("before the missing update: %q; want %q", got, "a")
	}
	if _, err := r.apply(u[1]); err != nil {
		t.Fatal(err)
	}
	if got := r.text("t"); got != "abcd" {
		t.Fatalf("after it: %q; want %q", got, "abcd")
	}
}

// insertion returns an update of log that inserts something.
func insertion(t *testing.T, log [][]byte) []byte {
	t.Helper()
	for _, u := range log[1:] {
		if clients, _, err := parseUpdate(u); err == nil && len(clients) > 0 {
			return u
		}
	}
	t.Fatal("no insertion in the log")
	return nil
}

func TestMergeRefusesOverlaps(t *testing.T) {
	log := busyDocument(t, 1)
	u := insertion(t, log)
	if _, err := mergeUpdates([][]byte{u, u}); !errors.Is(err, errOverlap) {
		t.Fatalf("merging an update with itself: %v; want errOverlap", err)
	}
	if _, err := mergeUpdates([][]byte{log[0], []byte{1, 2, 3}}); err == nil {
		t.Fatal("merging garbage: no error")
	}
}

func TestCoalesceFrames(t *testing.T) {
	log := busyDocument(t, 2)
	aw := func(id, clock uint64, state string) []byte {
		return awarenessFrame(encodeAwareness([]awarenessEntry{{clientID: id, clock: clock, state: []byte(state)}}))
	}
	step2 := syncFrame(syncStep2, log[0])
	frames := [][]byte{
		step2,
		syncFrame(syncUpdate, log[0]), syncFrame(syncUpdate, log[1]), syncFrame(syncUpdate, log[2]),
		aw(1, 1, `{"a":1}`), aw(2, 1, `{}`), aw(1, 2, `{"a":2}`),
		syncFrame(syncUpdate, insertion(t, log)),
		syncFrame(syncUpdate, insertion(t, log)), // overlaps: left as it is
	}
	out := coalesce(frames)
	if len(out) != 5 {
		t.Fatalf("%d frames; want 5 (step 2, merged updates, merged awareness, and 2 updates left apart)", len(out))
	}
	if !bytes.Equal(out[0], step2) {
		t.Error("sync step 2 changed")
	}
	m, err := decodeMessage(out[1])
	if err != nil || m.kind != msgSync || m.sync != syncUpdate {
		t.Fatalf("merged update frame: %+v %v", m, err)
	}
	sameContent(t, replicaOf(t, log[:3]...).encode(), replicaOf(t, m.payload).encode())
	m, err = decodeMessage(out[2])
	if err != nil || m.kind != msgAwareness {
		t.Fatalf("merged awareness frame: %+v %v", m, err)
	}
	entries, err := decodeAwareness(m.payload)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].clientID != 1 || entries[0].clock != 2 || string(entries[0].state) != `{"a":2}` {
		t.Errorf("merged awareness = %+v; want client 1 at clock 2 and client 2", entries)
	}
	if len(coalesce(frames[:1])) != 1 {
		t.Error("a single frame changed")
	}
}

// FuzzMergeUpdates: merging never panics, and a merge it accepts reads as
// the updates did.
func FuzzMergeUpdates(f *testing.F) {
	ty := newTypist(9)
	txt := ty.doc.GetText("t")
	for _, s := range []string{"ab", "c", "dé"} {
		ty.do(func(txn *crdt.Transaction) { txt.Insert(txn, 1, s, nil) })
	}
	ty.do(func(txn *crdt.Transaction) { txt.Delete(txn, 0, 2) })
	f.Add(ty.updates[0], ty.updates[1])
	f.Add(ty.updates[3], ty.updates[2])
	f.Add([]byte{0, 0}, []byte{1, 1, 5, 0, 4, 1, 1, 't', 1, 'x', 0})
	f.Fuzz(func(t *testing.T, a, b []byte) {
		m, err := mergeUpdates([][]byte{a, b})
		if err != nil {
			return
		}
		if err := validateUpdate(m); err != nil {
			t.Fatalf("merged update is not valid: %v", err)
		}
	})
}

// A stored batch reaches a connection that sent none of it as one merged
// update, and each sender as the others' updates: nobody gets their own
// back, nobody misses one.
func TestRelayMergesABatchForThoseWhoSentNone(t *testing.T) {
	s := &Service{}
	r := &room{svc: s, conns: map[*conn]bool{}}
	held := func() *conn { // a connection whose writer never runs: frames stay queued
		c := newConn(s, r, nil, identity.User{}, docs.RoleEditor)
		c.writing = true
		r.conns[c] = true
		return c
	}
	a, b, idle := held(), held(), held()
	log := busyDocument(t, 4)
	var updates [][]byte
	for _, u := range log {
		if clients, _, _ := parseUpdate(u); len(clients) > 0 && len(updates) < 3 {
			updates = append(updates, u)
		}
	}
	batch := []outgoing{{update: updates[0], from: a}, {update: updates[1], from: b}, {reply: []byte("reply"), to: idle}, {update: updates[2], from: a}}
	r.relayLocked(batch, updates)
	payloads := func(c *conn) (out [][]byte) {
		for _, f := range c.queue {
			if m, err := decodeMessage(f); err == nil && m.kind == msgSync {
				out = append(out, m.payload)
			}
		}
		return out
	}
	if got := payloads(idle); len(got) != 1 || len(idle.queue) != 2 {
		t.Fatalf("idle connection got %d frames, %d updates; want the reply and one merged update", len(idle.queue), len(got))
	}
	sameContent(t, replicaOf(t, updates...).encode(), replicaOf(t, payloads(idle)...).encode())
	if got := payloads(a); len(got) != 1 || !bytes.Equal(got[0], updates[1]) {
		t.Errorf("sender a got %d updates; want only b's", len(got))
	}
	if got := payloads(b); len(got) != 2 || !bytes.Equal(got[0], updates[0]) || !bytes.Equal(got[1], updates[2]) {
		t.Errorf("sender b got %d updates; want a's two, in order", len(got))
	}
}

// The replica's cached state vector is always the document's, whether
// updates arrive in order or out of it (structs waiting for others).
func TestReplicaStateVectorCache(t *testing.T) {
	for seed := range uint64(3) {
		log := busyDocument(t, seed)
		rng := rand.New(rand.NewPCG(seed, 3))
		order := slices.Clone(log)
		for i := range order { // swap neighbours now and then: out-of-order delivery
			if j := i + 1 + rng.IntN(3); rng.IntN(4) == 0 && j < len(order) {
				order[i], order[j] = order[j], order[i]
			}
		}
		r := newReplica()
		for i, u := range order {
			if _, err := r.apply(u); err != nil {
				t.Fatal(err)
			}
			if r.sv != nil && !maps.Equal(r.sv, r.doc.StateVector()) {
				t.Fatalf("seed %d, update %d: cached state vector %v; the document's is %v", seed, i, r.sv, r.doc.StateVector())
			}
		}
		sameContent(t, replicaOf(t, log...).encode(), r.encode())
	}
}
