// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package main

import (
	"strings"
	"testing"

	"github.com/reearth/ygo/crdt"
)

// TestInsertUpdate checks that the crafted updates are valid Yjs: a real
// engine applies two clients' runs, and walkUpdate finds every edit in what
// the engine re-encodes.
func TestInsertUpdate(t *testing.T) {
	doc := crdt.New(crdt.WithGC(false))
	var relayed [][]byte
	off := doc.OnUpdate(func(u []byte, _ any) { relayed = append(relayed, append([]byte(nil), u...)) })
	defer off()
	for i := range 3 {
		for _, c := range []uint64{7, 1 << 40} {
			if err := crdt.ApplyUpdateV1(doc, insertUpdate(c, uint64(i*4), "t", "ab"+string(rune('0'+i))+"."), nil); err != nil {
				t.Fatalf("apply: %v", err)
			}
		}
	}
	got := doc.GetText("t").ToString()
	if len(got) != 24 || strings.Count(got, "ab0.ab1.ab2.") != 2 {
		t.Fatalf("text %q: want both clients' runs ab0.ab1.ab2.", got)
	}
	seen := map[[2]uint64]bool{}
	for _, u := range relayed {
		if err := walkUpdate(u, func(client, clock, length uint64) {
			if length != 4 {
				t.Errorf("client %d clock %d: length %d, want 4", client, clock, length)
			}
			seen[[2]uint64{client, clock}] = true
		}); err != nil {
			t.Fatalf("walk %x: %v", u, err)
		}
	}
	if len(seen) != 6 {
		t.Fatalf("walked %v, want 6 edits", seen)
	}
	whole := crdt.EncodeStateAsUpdateV1(doc, nil)
	var total uint64
	if err := walkUpdate(whole, func(_, _, length uint64) { total += length }); err != nil || total != 24 {
		t.Fatalf("walk of the whole document: %d units, %v", total, err)
	}
}

func TestAwarenessMsg(t *testing.T) {
	d := dec{b: awarenessMsg(5, 1, `{"a":1}`)}
	if d.uint() != msgAwareness {
		t.Fatal("type")
	}
	u := dec{b: d.bytes()}
	if u.uint() != 1 || u.uint() != 5 || u.uint() != 1 || string(u.bytes()) != `{"a":1}` || u.err != nil || len(d.b) != 0 {
		t.Fatal("awareness update does not decode")
	}
}
