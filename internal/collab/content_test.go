// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/reearth/ygo/crdt"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// jsonOf renders v as canonical JSON, so that values compare whatever
// their Go number types.
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var x any
	if err := json.Unmarshal(b, &x); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(x)
	return string(b)
}

// blockNoteDoc is a small document shaped as BlockNote stores it.
func blockNoteDoc() []Node {
	text := func(runs ...Run) Node { return Node{Text: runs} }
	block := func(id string, content Node) Node {
		return Node{Name: "blockContainer", Attrs: map[string]any{"id": id, "textColor": "default"}, Children: []Node{content}}
	}
	return []Node{{Name: "blockGroup", Children: []Node{
		block("h1", Node{Name: "heading", Attrs: map[string]any{"level": int64(2)}, Children: []Node{text(Run{Text: "Title"})}}),
		block("p1", Node{Name: "paragraph", Children: []Node{text(
			Run{Text: "Plain, "},
			Run{Text: "bold", Attrs: map[string]any{"bold": map[string]any{}}},
			Run{Text: " and "},
			Run{Text: "a link 🎉", Attrs: map[string]any{"link": map[string]any{"href": "https://example.org"}}},
		)}}),
		block("c1", Node{Name: "checkListItem", Attrs: map[string]any{"checked": true}, Children: []Node{text(Run{Text: "done"})}}),
	}}}
}

func TestEditThenContentRoundTrip(t *testing.T) {
	d := dbtest.SQLite(t)
	s, id := newTestService(t, d, Options{})
	ctx := t.Context()
	runs := []Run{{Text: "a "}, {Text: "bold", Attrs: map[string]any{"bold": true}}, {Text: " é😀 "}, {Embed: map[string]any{"image": "x.png"}}, {Text: "end", Attrs: map[string]any{"italic": true}}}
	err := s.Edit(ctx, id, func(tx *EditTx) error {
		tx.ReplaceXML("document-store", blockNoteDoc())
		tx.ReplaceText("t", runs)
		tx.SetMap("meta", "title", "Hello")
		tx.SetMap("meta", "nested", map[string]any{"n": 1.0, "list": []any{"a", true, nil}})
		tx.InsertArray("list", 0, "x", 2, map[string]any{"k": "v"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Content(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := jsonOf(t, c.XML("document-store")), jsonOf(t, blockNoteDoc()); got != want {
		t.Errorf("XML:\n got %s\nwant %s", got, want)
	}
	if got, want := jsonOf(t, c.Text("t")), jsonOf(t, runs); got != want {
		t.Errorf("Text:\n got %s\nwant %s", got, want)
	}
	if got, want := jsonOf(t, c.Map("meta")), `{"nested":{"list":["a",true,null],"n":1},"title":"Hello"}`; got != want {
		t.Errorf("Map = %s; want %s", got, want)
	}
	if got, want := jsonOf(t, c.Array("list")), `["x",2,{"k":"v"}]`; got != want {
		t.Errorf("Array = %s; want %s", got, want)
	}
	if got, want := c.XML("document-store")[0].PlainText(), "Title\nPlain, bold and a link 🎉\ndone\n"; got != want {
		t.Errorf("PlainText = %q; want %q", got, want)
	}

	// Edits of text, in UTF-16 units: "a bold é😀 " + embed + "end".
	err = s.Edit(ctx, id, func(tx *EditTx) error {
		tx.DeleteText("t", 0, 2)                                 // "bold é😀 …"
		tx.FormatText("t", 5, 3, map[string]any{"italic": true}) // "é😀" italic
		tx.InsertText("t", 0, ">", map[string]any{})             // plain at the start
		tx.DeleteMap("meta", "nested")
		tx.DeleteArray("list", 1, 1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c, _ = s.Content(ctx, id)
	want := []Run{{Text: ">"}, {Text: "bold", Attrs: map[string]any{"bold": true}}, {Text: " "}, {Text: "é😀", Attrs: map[string]any{"italic": true}}, {Text: " "}, {Embed: map[string]any{"image": "x.png"}}, {Text: "end", Attrs: map[string]any{"italic": true}}}
	if got, want := jsonOf(t, c.Text("t")), jsonOf(t, want); got != want {
		t.Errorf("Text after edits:\n got %s\nwant %s", got, want)
	}
	if got := jsonOf(t, c.Map("meta")); got != `{"title":"Hello"}` {
		t.Errorf("Map after delete = %s", got)
	}
	if got := jsonOf(t, c.Array("list")); got != `["x",{"k":"v"}]` {
		t.Errorf("Array after delete = %s", got)
	}
}

func TestFailedEditChangesNothing(t *testing.T) {
	d := dbtest.SQLite(t)
	s, id := newTestService(t, d, Options{})
	ctx := t.Context()
	if err := s.Edit(ctx, id, func(tx *EditTx) error { tx.InsertText("t", 0, "keep", nil); return nil }); err != nil {
		t.Fatal(err)
	}
	before, _ := s.EncodeState(ctx, id)
	mine := errors.New("mine")
	cases := map[string]struct {
		fn   func(tx *EditTx) error
		want error
	}{
		"fn error":         {func(tx *EditTx) error { tx.InsertText("t", 0, "no", nil); return mine }, mine},
		"out of range":     {func(tx *EditTx) error { tx.InsertText("t", 0, "no", nil); tx.DeleteText("t", 3, 10); return nil }, errs.Invalid},
		"text with kids":   {func(tx *EditTx) error { tx.ReplaceXML("x", []Node{{Children: []Node{{Name: "p"}}}}); return nil }, errs.Invalid},
		"negative insert":  {func(tx *EditTx) error { tx.InsertText("t", -1, "no", nil); return nil }, errs.Invalid},
		"element and text": {func(tx *EditTx) error { tx.ReplaceXML("x", []Node{{Name: "p", Text: []Run{{Text: "no"}}}}); return nil }, errs.Invalid},
	}
	for name, c := range cases {
		if err := s.Edit(ctx, id, c.fn); !errors.Is(err, c.want) {
			t.Errorf("%s: Edit = %v; want %v", name, err, c.want)
		}
	}
	after, _ := s.EncodeState(ctx, id)
	if string(after) != string(before) {
		t.Error("a failed edit changed the document")
	}
	if st, _ := s.store.load(ctx, id); st.logCount != 1 {
		t.Errorf("stored updates = %d; want 1", st.logCount)
	}
}

func TestSeed(t *testing.T) {
	d := dbtest.SQLite(t)
	s, id := newTestService(t, d, Options{})
	ctx := t.Context()
	src := crdt.New()
	txt := src.GetText("t")
	src.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, 0, "seeded", nil) })
	var tail []byte
	off := src.OnUpdate(func(u []byte, _ any) { tail = u })
	src.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, 6, "!", nil) })
	off()

	if err := s.Seed(ctx, id, []byte{0xff, 1}); !errors.Is(err, errs.Invalid) {
		t.Errorf("Seed(garbage) = %v; want Invalid", err)
	}
	if err := s.Seed(ctx, id, tail); !errors.Is(err, errs.Invalid) {
		t.Errorf("Seed(an update without its dependencies) = %v; want Invalid", err)
	}
	if err := s.Seed(ctx, id, crdt.EncodeStateAsUpdateV1(src, nil)); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Text(ctx, id, "t"); err != nil || got != "seeded!" {
		t.Errorf("Text after Seed = %q, %v", got, err)
	}
	if err := s.Seed(ctx, id, crdt.EncodeStateAsUpdateV1(src, nil)); !errors.Is(err, errs.Conflict) {
		t.Errorf("Seed of a document with content = %v; want Conflict", err)
	}
	if st, _ := s.store.load(ctx, id); st.logCount != 1 {
		t.Errorf("stored updates = %d; want 1", st.logCount)
	}
}

func TestContentDoesNotKeepTheDocumentOpen(t *testing.T) {
	d := dbtest.SQLite(t)
	s, id := newTestService(t, d, Options{})
	ups := edits(3)
	if _, err := s.store.appendUpdates(t.Context(), id, ups); err != nil {
		t.Fatal(err)
	}
	c, err := s.Content(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got := PlainText(c.Text("t")); got != "xxx" {
		t.Errorf("Text = %q", got)
	}
	s.mu.Lock()
	n := len(s.rooms)
	s.mu.Unlock()
	if n != 0 {
		t.Errorf("Content opened %d rooms", n)
	}
}

// A root read as one kind and then as another reads both ways without
// one reading spoiling the other (Yjs fixes a root's kind at first use).
func TestContentReadsARootAsAnyKind(t *testing.T) {
	src := crdt.New()
	txt := src.GetText("t")
	src.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, 0, "abc", nil) })
	c, err := NewContent(crdt.EncodeStateAsUpdateV1(src, nil))
	if err != nil {
		t.Fatal(err)
	}
	_ = c.XML("t")
	_ = c.Map("t")
	if got := PlainText(c.Text("t")); got != "abc" {
		t.Errorf("Text = %q after reading it as XML and map", got)
	}
}

func TestEditReachesAConnectedClient(t *testing.T) {
	s, docID, owner, url := harness(t, Options{})
	ws := dialRaw(t, url+"/collab/"+docID, owner)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	// The client announces an empty state; the server answers with its own.
	if err := ws.Write(ctx, websocket.MessageBinary, syncFrame(syncStep1, []byte{0})); err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() {
		errc <- s.Edit(ctx, docID, func(tx *EditTx) error {
			tx.ReplaceXML("document-store", blockNoteDoc())
			return nil
		})
	}()
	client := crdt.New()
	for {
		_, frame, err := ws.Read(ctx)
		if err != nil {
			t.Fatalf("no update reached the client: %v", err)
		}
		m, err := decodeMessage(frame)
		if err != nil || m.kind != msgSync || m.sync == syncStep1 {
			continue
		}
		if err := crdt.ApplyUpdateV1(client, m.payload, nil); err != nil {
			t.Fatal(err)
		}
		if client.GetXmlFragment("document-store").Len() > 0 {
			break
		}
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	c, err := NewContent(crdt.EncodeStateAsUpdateV1(client, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := jsonOf(t, c.XML("document-store")), jsonOf(t, blockNoteDoc()); got != want {
		t.Errorf("the client got\n %s\nwant %s", got, want)
	}
	if st, _ := s.store.load(ctx, docID); st.logCount != 1 {
		t.Errorf("stored updates = %d; want 1", st.logCount)
	}
}
