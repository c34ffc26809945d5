// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"fmt"
	"maps"
	"slices"

	"github.com/reearth/ygo/crdt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// This file is the engine side of the content API (content.go, edit.go):
// reading a document's shared types into plain Go values and making
// server-side edits, over github.com/reearth/ygo.

// reader reads a document's state. A Yjs root type takes the kind of its
// first accessor, so each kind gets its own private copy of the document:
// reading "x" as text and then as XML never corrupts either reading.
type reader struct {
	state []byte
	docs  map[string]*crdt.Doc
}

func newReader(state []byte) (*reader, error) {
	if err := validateUpdate(state); err != nil {
		return nil, err
	}
	return &reader{state: state, docs: map[string]*crdt.Doc{}}, nil
}

// doc returns the private copy of the document for a kind of root type.
func (rd *reader) doc(kind string) *crdt.Doc {
	if d, ok := rd.docs[kind]; ok {
		return d
	}
	d := crdt.New(crdt.WithGC(false))
	// The state was validated; an engine failure leaves the copy empty,
	// which reads as an empty document rather than a crash.
	func() {
		defer func() { _ = recover() }()
		_ = crdt.ApplyUpdateV1(d, rd.state, nil)
	}()
	rd.docs[kind] = d
	return d
}

func (rd *reader) text(name string) []Run { return runsOf(rd.doc("text").GetText(name)) }

func (rd *reader) xml(name string) []Node {
	return nodesOf(rd.doc("xml").GetXmlFragment(name).Children())
}

func (rd *reader) mapOf(name string) map[string]any {
	return plain(rd.doc("map").GetMap(name).Entries()).(map[string]any)
}

func (rd *reader) array(name string) []any {
	return plain(rd.doc("array").GetArray(name).ToSlice()).([]any)
}

// runsOf returns the formatted runs of a text: adjacent characters with the
// same attributes form one run; an embedded object is a run of its own.
func runsOf(t *crdt.YText) []Run {
	var out []Run
	for _, d := range t.ToDelta() {
		r := Run{Attrs: plainAttrs(d.Attributes)}
		if s, ok := d.Insert.(string); ok {
			r.Text = s
		} else {
			r.Embed = plain(d.Insert)
		}
		out = append(out, r)
	}
	return out
}

// nodesOf converts XML children (elements and text nodes) to Nodes.
func nodesOf[N any](children []N) []Node {
	out := make([]Node, 0, len(children))
	for _, c := range children {
		switch n := any(c).(type) {
		case *crdt.YXmlElement:
			out = append(out, Node{
				Name:     n.NodeName,
				Attrs:    plainAttrs(setAttrs(n.GetAttributeValues())),
				Children: nodesOf(n.Children()),
			})
		case *crdt.YXmlText:
			out = append(out, Node{Text: runsOf(&n.YText)})
		}
	}
	return out
}

// setAttrs drops the attributes whose value is null or undefined (ygo
// reads both as nil): y-prosemirror writes undefined for an unset
// attribute (a numbered list item's start) and never writes null.
func setAttrs(m map[string]any) map[string]any {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		}
	}
	return m
}

func plainAttrs[M ~map[string]any](m M) map[string]any {
	if len(m) == 0 {
		return nil
	}
	return plain(map[string]any(m)).(map[string]any)
}

// plain copies an engine value into plain Go values: int64, float64,
// string, bool, nil, []byte, []any and map[string]any.
func plain(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	case float32:
		return float64(x)
	case int:
		return int64(x)
	case crdt.Attributes:
		return plain(map[string]any(x))
	default:
		return v
	}
}

// editor makes changes to a private copy of a document in one
// transaction; the update it produces is then applied to the room like a
// client's. Index and length arguments count UTF-16 code units, as in Yjs.
type editor struct {
	doc *crdt.Doc
	txn *crdt.Transaction
}

// runEdit applies fn to a private copy of state (from a fresh client ID)
// and returns the V1 update it made (nil if it changed nothing). A panic
// in the engine (an index out of range, say) becomes an errs.Invalid error
// and nothing is kept.
func runEdit(state []byte, fn func(*editor) error) (update []byte, err error) {
	d := crdt.New(crdt.WithGC(false))
	if len(state) > 0 {
		if err := crdt.ApplyUpdateV1(d, state, nil); err != nil {
			return nil, fmt.Errorf("collab: load document to edit: %v: %w", err, errs.Invalid)
		}
	}
	defer func() {
		if p := recover(); p != nil {
			update, err = nil, fmt.Errorf("collab: edit refused by the engine: %v: %w", p, errs.Invalid)
		}
	}()
	off := d.OnUpdate(func(u []byte, _ any) { update = append([]byte(nil), u...) })
	defer off()
	var fnErr error
	d.Transact(func(txn *crdt.Transaction) { fnErr = fn(&editor{doc: d, txn: txn}) })
	if fnErr != nil {
		return nil, fnErr
	}
	if isEmptyUpdate(update) {
		return nil, nil
	}
	if len(state) > 0 {
		return withoutKnownDeletions(update, state)
	}
	return update, nil
}

func (e *editor) insertText(name string, index int, text string, attrs map[string]any) {
	e.txn.GetText(name).Insert(e.txn, index, text, toAttrs(attrs))
}

func (e *editor) insertEmbed(name string, index int, embed any, attrs map[string]any) {
	e.txn.GetText(name).InsertEmbed(e.txn, index, wire(embed), toAttrs(attrs))
}

func (e *editor) deleteText(name string, index, length int) {
	e.txn.GetText(name).Delete(e.txn, index, length)
}

func (e *editor) formatText(name string, index, length int, attrs map[string]any) {
	e.txn.GetText(name).Format(e.txn, index, length, toAttrs(attrs))
}

func (e *editor) textLen(name string) int { return e.txn.GetText(name).Len() }

// replaceText deletes the whole text and writes runs instead.
func (e *editor) replaceText(name string, runs []Run) {
	t := e.txn.GetText(name)
	if n := t.Len(); n > 0 {
		t.Delete(e.txn, 0, n)
	}
	writeRuns(e.txn, t, runs)
}

// writeRuns writes runs into an empty text. They are inserted last first,
// each at the start, so that no run inherits the formatting of another
// (Yjs gives a run inserted without attributes those of its left
// neighbour).
func writeRuns(txn *crdt.Transaction, t *crdt.YText, runs []Run) {
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		if r.Embed != nil {
			t.InsertEmbed(txn, 0, wire(r.Embed), toAttrs(r.Attrs))
			continue
		}
		t.Insert(txn, 0, r.Text, toAttrs(r.Attrs))
	}
}

func (e *editor) setMap(name, key string, value any) {
	e.txn.GetMap(name).Set(e.txn, key, wire(value))
}

func (e *editor) deleteMap(name, key string) { e.txn.GetMap(name).Delete(e.txn, key) }

func (e *editor) insertArray(name string, index int, values []any) {
	vals := make([]any, len(values))
	for i, v := range values {
		vals[i] = wire(v)
	}
	e.txn.GetArray(name).Insert(e.txn, index, vals)
}

func (e *editor) deleteArray(name string, index, length int) {
	e.txn.GetArray(name).Delete(e.txn, index, length)
}

// replaceXML deletes every child of the fragment and writes nodes instead.
func (e *editor) replaceXML(name string, nodes []Node) {
	f := e.txn.GetXmlFragment(name)
	if n := f.Len(); n > 0 {
		f.Delete(e.txn, 0, n)
	}
	writeNodes(e.txn, f, nodes)
}

// xmlParent is what a fragment and an element share for inserting children.
type xmlParent interface {
	InsertElement(txn *crdt.Transaction, index int, elem *crdt.YXmlElement)
	InsertText(txn *crdt.Transaction, index int, txt *crdt.YXmlText)
}

// writeNodes appends nodes to an attached parent, top down: each element
// is attached first, then given its attributes and children.
func writeNodes(txn *crdt.Transaction, p xmlParent, nodes []Node) {
	for i, n := range nodes {
		if n.IsText() {
			t := crdt.NewYXmlText()
			p.InsertText(txn, i, t)
			writeRuns(txn, &t.YText, n.Text)
			continue
		}
		el := crdt.NewYXmlElement(n.Name)
		p.InsertElement(txn, i, el)
		for _, k := range sortedKeys(n.Attrs) {
			el.SetAttributeValue(txn, k, wire(n.Attrs[k]))
		}
		writeNodes(txn, el, n.Children)
	}
}

func toAttrs(m map[string]any) crdt.Attributes {
	if m == nil {
		return nil
	}
	out := make(crdt.Attributes, len(m))
	for k, v := range m {
		out[k] = wire(v)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	return slices.Sorted(maps.Keys(m))
}

// covers reports whether the replica holds every struct of update (its
// deletions aside): false if the update waits for missing dependencies or
// was lost (a failed commit reloads the replica from storage).
func (r *replica) covers(update []byte) bool {
	b, err := crdt.EncodeStateVectorFromUpdate(update)
	if err != nil {
		return false
	}
	want, err := crdt.DecodeStateVectorV1(b)
	if err != nil {
		return false
	}
	have := r.doc.StateVector()
	for c, clock := range want {
		if have.Clock(c) < clock {
			return false
		}
	}
	return true
}

// empty reports whether the document has never been written.
func (r *replica) empty() bool { return len(r.doc.StateVector()) == 0 }
