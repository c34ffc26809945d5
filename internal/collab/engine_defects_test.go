// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/reearth/ygo/crdt"
)

// The defects of github.com/reearth/ygo v1.36.0 worked around in this
// package (docs/collab.md). Each test shows the defect, then that our code
// does not suffer from it; when ygo fixes one, its first half fails.

// scattered returns a replica whose text had n scattered deletions.
func scattered(t *testing.T, n int) *replica {
	t.Helper()
	ty := newTypist(5)
	txt := ty.doc.GetText("t")
	for range 2 * n {
		ty.do(func(txn *crdt.Transaction) { txt.Insert(txn, txt.Len(), "ab", nil) })
	}
	for i := range n {
		ty.do(func(txn *crdt.Transaction) { txt.Delete(txn, i, 1) }) // every other "a"
	}
	return replicaOf(t, crdt.EncodeStateAsUpdateV1(ty.doc, nil))
}

// Defect: with an update observer registered, each transaction's update
// carries the document's whole delete set (encodeV1Locked builds it by
// scanning every item), so one keystroke costs as much as the document.
// replica.apply computes what an update changed without an observer.
func TestYgoDefectUpdateObserverEncodesTheWholeDeleteSet(t *testing.T) {
	small, large := scattered(t, 10), scattered(t, 1000)
	observed := func(r *replica) int {
		var got []byte
		off := r.doc.OnUpdate(func(u []byte, _ any) { got = u })
		defer off()
		txt := r.doc.GetText("t")
		r.doc.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, 0, "x", nil) })
		return len(got)
	}
	if s, l := observed(small), observed(large); l < 10*s {
		t.Errorf("ygo's observed update of one keystroke: %d bytes in a small document, %d in a large one; the defect is gone", s, l)
	}
	// A keystroke as a yjs client sends it (only its own transaction's
	// deletions, none here), made by a fresh ygo document, which has no
	// deletions to add.
	keystroke := func(r *replica) int {
		c := newTypist(6)
		txt := c.doc.GetText("t")
		c.do(func(txn *crdt.Transaction) { txt.Insert(txn, 0, "y", nil) })
		changed, err := r.apply(c.updates[0])
		if err != nil {
			t.Fatal(err)
		}
		return len(changed)
	}
	if s, l := keystroke(small), keystroke(large); l > s+4 {
		t.Errorf("replica.apply's update of one keystroke: %d bytes in a small document, %d in a large one", s, l)
	}
}

// Defect: ygo never merges the structs of consecutive transactions, so a
// text typed key by key encodes one struct per character. Snapshots are
// compacted (snapshot.go).
func TestYgoDefectNoMergingOfAdjacentItems(t *testing.T) {
	r := replicaOf(t, edits(100)...)
	clients, _, err := parseUpdate(r.encode())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(clients[0].structs); n < 100 {
		t.Errorf("ygo encodes 100 typed characters as %d structs; the defect is gone", n)
	}
	small, err := compactUpdate(r.encode())
	if err != nil {
		t.Fatal(err)
	}
	clients, _, _ = parseUpdate(small)
	if n := len(clients[0].structs); n != 1 {
		t.Errorf("the compacted snapshot has %d structs; want 1", n)
	}
}

// Defect: ygo reads a lib0 `undefined` (which y-prosemirror writes for an
// unset attribute, such as a BlockNote numbered list item's start) as nil
// and encodes it back as `null`. The content API reads both as absent.
func TestYgoDefectUndefinedBecomesNull(t *testing.T) {
	state, err := os.ReadFile(filepath.Join("testdata", "fixtures", "blocknote.bin"))
	if err != nil {
		t.Fatal(err)
	}
	count := func(update []byte, tag byte) int {
		clients, _, err := parseUpdate(update)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range clients {
			for _, s := range c.structs {
				if s.ref == refAny && bytes.HasSuffix(s.parent, []byte("start")) && len(s.vals) == 1 && bytes.Equal(s.vals[0], []byte{tag}) {
					n++
				}
			}
		}
		return n
	}
	const undefined, null = 127, 126
	if count(state, undefined) != 2 || count(state, null) != 0 {
		t.Fatalf("the fixture should have two undefined starts")
	}
	again := replicaOf(t, state).encode()
	if count(again, undefined) != 0 || count(again, null) != 2 {
		t.Errorf("ygo kept undefined as undefined; the defect is gone")
	}
	c, err := NewContent(again)
	if err != nil {
		t.Fatal(err)
	}
	var starts int
	var walk func([]Node)
	walk = func(ns []Node) {
		for _, n := range ns {
			if _, ok := n.Attrs["start"]; ok {
				starts++
			}
			walk(n.Children)
		}
	}
	walk(c.XML("document-store"))
	if starts != 0 {
		t.Errorf("the content API shows %d null start attributes", starts)
	}
}
