// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reearth/ygo/crdt"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

// typist is a ygo document whose every change is its own transaction, as
// updates arrive from clients typing.
type typist struct {
	doc     *crdt.Doc
	updates [][]byte
}

func newTypist(client uint64) *typist {
	t := &typist{doc: crdt.New(crdt.WithGC(false), crdt.WithClientID(crdt.ClientID(client)))}
	t.doc.OnUpdate(func(u []byte, origin any) {
		if origin != "remote" {
			t.updates = append(t.updates, append([]byte(nil), u...))
		}
	})
	return t
}

func (ty *typist) do(fn func(txn *crdt.Transaction)) { ty.doc.Transact(fn) }

func (ty *typist) receive(t *testing.T, from *typist) {
	t.Helper()
	if err := crdt.ApplyUpdateV1(ty.doc, crdt.EncodeStateAsUpdateV1(from.doc, nil), "remote"); err != nil {
		t.Fatal(err)
	}
}

// busyDocument types, formats, deletes and restructures a document from
// two clients with concurrent edits, and returns the log of updates.
func busyDocument(t *testing.T, seed uint64) [][]byte {
	rng := rand.New(rand.NewPCG(seed, 7))
	a, b := newTypist(11), newTypist(22)
	words := []string{"a", "bc", "é", "😀", "ß", "mot ", "\n"}
	for round := range 30 {
		for _, ty := range []*typist{a, b} {
			txt := ty.doc.GetText("t")
			arr := ty.doc.GetArray("arr")
			m := ty.doc.GetMap("m")
			frag := ty.doc.GetXmlFragment("document-store")
			for range 20 {
				n := txt.Len()
				switch op := rng.IntN(10); {
				case op < 5 || n == 0: // type at a cursor (never inside an emoji)
					pos := safePos(txt, rng.IntN(n+1))
					w := words[rng.IntN(len(words))]
					for _, r := range w {
						ty.do(func(txn *crdt.Transaction) { txt.Insert(txn, pos, string(r), nil) })
						pos += len(utf16Units(string(r)))
					}
				case op < 7: // backspace a few characters
					pos := safePos(txt, rng.IntN(n))
					l := safeLen(txt, pos, 1+rng.IntN(4))
					ty.do(func(txn *crdt.Transaction) { txt.Delete(txn, pos, l) })
				case op < 8:
					pos := safePos(txt, rng.IntN(n))
					l := safeLen(txt, pos, 1+rng.IntN(6))
					ty.do(func(txn *crdt.Transaction) {
						txt.Format(txn, pos, l, crdt.Attributes{"bold": rng.IntN(2) == 0})
					})
				case op < 9:
					ty.do(func(txn *crdt.Transaction) {
						arr.Insert(txn, rng.IntN(arr.Len()+1), []any{int64(round), "v"})
						if arr.Len() > 6 {
							arr.Delete(txn, 0, 2)
						}
						m.Set(txn, "k", int64(rng.IntN(100)))
					})
				default:
					ty.do(func(txn *crdt.Transaction) {
						p := crdt.NewYXmlElement("paragraph")
						frag.InsertElement(txn, 0, p)
						x := crdt.NewYXmlText()
						p.InsertText(txn, 0, x)
						x.Insert(txn, 0, "para", nil)
						if frag.Len() > 3 {
							frag.Delete(txn, frag.Len()-1, 1)
						}
					})
				}
			}
		}
		if round%3 != 2 { // sometimes they edit concurrently for a while
			a.receive(t, b)
			b.receive(t, a)
		}
	}
	a.receive(t, b)
	return append(a.updates, b.updates...)
}

func utf16Units(s string) []uint16 {
	var u []uint16
	for _, r := range s {
		if r >= 0x10000 {
			u = append(u, 0, 0)
		} else {
			u = append(u, 0)
		}
	}
	return u
}

// safePos moves pos off the second half of a surrogate pair.
func safePos(txt *crdt.YText, pos int) int {
	u := 0
	for _, r := range txt.ToString() {
		w := len(utf16Units(string(r)))
		if u+w > pos {
			return u
		}
		u += w
	}
	return u
}

// safeLen returns a length of about l from pos that ends on a character bound.
func safeLen(txt *crdt.YText, pos, l int) int {
	end := safePos(txt, pos+l)
	if end <= pos {
		end = min(txt.Len(), pos+2)
		end = safePos(txt, end)
		if end <= pos {
			return txt.Len() - pos
		}
	}
	return end - pos
}

// sameContent fails t if a and b do not read the same.
func sameContent(t *testing.T, a, b []byte) {
	t.Helper()
	ca, err := NewContent(a)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := NewContent(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]any{
		{ca.Text("t"), cb.Text("t")},
		{ca.XML("document-store"), cb.XML("document-store")},
		{ca.Map("m"), cb.Map("m")},
		{ca.Array("arr"), cb.Array("arr")},
	} {
		if x, y := jsonOf(t, pair[0]), jsonOf(t, pair[1]); x != y {
			t.Fatalf("contents differ:\n%s\n%s", x, y)
		}
	}
}

func replicaOf(t testing.TB, updates ...[]byte) *replica {
	t.Helper()
	r := newReplica()
	for _, u := range updates {
		if _, err := r.apply(u); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func TestCompactedSnapshotReadsTheSame(t *testing.T) {
	for seed := range uint64(4) {
		ups := busyDocument(t, seed)
		full := replicaOf(t, ups...)
		state := full.encode()
		small, err := compactUpdate(state)
		if err != nil {
			t.Fatal(err)
		}
		if len(small) >= len(state) {
			t.Errorf("seed %d: compacted %d bytes, not smaller than %d", seed, len(small), len(state))
		}
		t.Logf("seed %d: %d updates, state %d bytes, compacted %d bytes, text %q…", seed, len(ups), len(state), len(small), firstRunes(full.text("t"), 40))
		sameContent(t, state, small)
		loaded := replicaOf(t, small)
		if !bytes.Equal(loaded.stateVector(), full.stateVector()) {
			t.Errorf("seed %d: state vectors differ", seed)
		}
		// A compacted snapshot compacts to itself.
		again, err := compactUpdate(small)
		if err != nil || !bytes.Equal(again, small) {
			t.Errorf("seed %d: compacting twice changed the bytes (%v)", seed, err)
		}
		// A peer that saw the first half of the log catches up from the
		// snapshot, and later updates still apply on top of it.
		peer := replicaOf(t, ups[:len(ups)/2]...)
		diff, err := loaded.diff(peer.stateVector())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := peer.apply(diff); err != nil {
			t.Fatal(err)
		}
		sameContent(t, peer.encode(), state)
		more := newTypist(33)
		if err := crdt.ApplyUpdateV1(more.doc, small, "remote"); err != nil {
			t.Fatal(err)
		}
		txt := more.doc.GetText("t")
		mid := safePos(txt, txt.Len()/2)
		more.do(func(txn *crdt.Transaction) { txt.Insert(txn, mid, "Z", nil) })
		l := safeLen(txt, 0, 3)
		more.do(func(txn *crdt.Transaction) { txt.Delete(txn, 0, l) })
		for _, u := range more.updates {
			if _, err := loaded.apply(u); err != nil {
				t.Fatal(err)
			}
			if _, err := full.apply(u); err != nil {
				t.Fatal(err)
			}
		}
		sameContent(t, loaded.encode(), full.encode())
	}
}

func TestCompactUpdateRefusesGarbage(t *testing.T) {
	good := replicaOf(t, edits(5)...).encode()
	for _, bad := range [][]byte{{}, {1}, {1, 1, 5, 0, 99}, good[:len(good)-1], append(append([]byte(nil), good...), 0)} {
		if _, err := compactUpdate(bad); err == nil {
			t.Errorf("compactUpdate(%v) accepted garbage", bad)
		}
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// FuzzCompactUpdate: the wire parser used to validate every update and to
// compact snapshots never panics, and what it compacts parses again.
func FuzzCompactUpdate(f *testing.F) {
	f.Add(replicaOf(f, edits(5)...).encode())
	for _, name := range []string{"text", "maps", "blocknote"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "fixtures", name+".bin")); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, update []byte) {
		small, err := compactUpdate(update)
		if err != nil {
			return
		}
		if _, _, err := parseUpdate(small); err != nil {
			t.Fatalf("a compacted update does not parse: %v", err)
		}
	})
}

// Compaction stores the compacted snapshot, and the document reloads from it.
func TestCompactionStoresACompactedSnapshot(t *testing.T) {
	d := dbtest.SQLite(t)
	s, id := newTestService(t, d, Options{})
	ctx := t.Context()
	if _, err := s.store.appendUpdates(ctx, id, edits(50)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.compact(ctx, id); err != nil || n != 50 {
		t.Fatalf("compact = %d, %v", n, err)
	}
	snap, _, err := s.store.readSnapshot(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	clients, _, err := parseUpdate(snap)
	if err != nil || len(clients) != 1 || len(clients[0].structs) != 1 {
		t.Fatalf("the snapshot is not compacted: %v, %v", clients, err)
	}
	if got, err := s.Text(ctx, id, "t"); err != nil || got != strings.Repeat("x", 50) {
		t.Errorf("Text after compaction = %q, %v", got, err)
	}
}

func TestSubtractRanges(t *testing.T) {
	r := func(c, n uint64) yrange { return yrange{c, n} }
	got := subtractRanges([]yrange{r(0, 10), r(20, 5), r(30, 3)}, []yrange{r(2, 2), r(8, 14), r(30, 3)})
	want := []yrange{r(0, 2), r(4, 4), r(22, 3)}
	if !slices.Equal(got, want) {
		t.Errorf("subtractRanges = %v; want %v", got, want)
	}
}

// A server edit stores only its own deletions, not the document's.
func TestEditStoresOnlyItsOwnDeletions(t *testing.T) {
	d := dbtest.SQLite(t)
	s, id := newTestService(t, d, Options{})
	ctx := t.Context()
	ty := newTypist(9)
	txt := ty.doc.GetText("t")
	for range 200 {
		ty.do(func(txn *crdt.Transaction) { txt.Insert(txn, txt.Len(), "ab", nil) })
	}
	for i := range 200 {
		ty.do(func(txn *crdt.Transaction) { txt.Delete(txn, i, 1) })
	}
	if err := s.Seed(ctx, id, crdt.EncodeStateAsUpdateV1(ty.doc, nil)); err != nil {
		t.Fatal(err)
	}
	if err := s.Edit(ctx, id, func(tx *EditTx) error { tx.DeleteText("t", 0, 1); return nil }); err != nil {
		t.Fatal(err)
	}
	st, err := s.store.load(ctx, id)
	if err != nil || len(st.updates) != 2 {
		t.Fatalf("load = %d updates, %v", len(st.updates), err)
	}
	_, dels, err := parseUpdate(st.updates[1])
	if err != nil {
		t.Fatal(err)
	}
	if n := len(dels); n != 1 || len(dels[9]) != 1 || dels[9][0].n != 1 {
		t.Errorf("the edit stored the deletions %v; want its one deletion", dels)
	}
	if got, _ := s.Text(ctx, id, "t"); got != strings.Repeat("b", 199) {
		t.Errorf("Text = %q", got)
	}
}
