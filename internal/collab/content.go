// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// Run is a stretch of text with the same formatting attributes, or one
// embedded object (Embed not nil, Text empty). Attribute values are plain
// Go values: y-prosemirror marks look like {"bold": {}} or
// {"link": {"href": "…"}}.
type Run struct {
	Text  string         `json:"text,omitempty"`
	Embed any            `json:"embed,omitempty"`
	Attrs map[string]any `json:"attrs,omitempty"`
}

// Node is an XML node of a document: an element (Name set, with Attrs and
// Children) or a text node (Name empty, with Text). BlockNote stores its
// document under the fragment "document-store" as
// blockGroup > blockContainer{id,…} > paragraph|heading{level}|… > text.
type Node struct {
	Name     string         `json:"name,omitempty"`
	Attrs    map[string]any `json:"attrs,omitempty"`
	Children []Node         `json:"children,omitempty"`
	Text     []Run          `json:"text,omitempty"`
}

// IsText reports whether n is a text node.
func (n Node) IsText() bool { return n.Name == "" }

// PlainText returns the characters of n and its descendants, with a line
// break after each element that holds text directly (a paragraph, a
// heading…), for search and previews.
func (n Node) PlainText() string {
	var b strings.Builder
	n.plainText(&b)
	return b.String()
}

func (n Node) plainText(b *strings.Builder) {
	if n.IsText() {
		for _, r := range n.Text {
			b.WriteString(r.Text)
		}
		return
	}
	direct := false
	for _, c := range n.Children {
		c.plainText(b)
		direct = direct || c.IsText()
	}
	if direct {
		b.WriteByte('\n')
	}
}

// PlainText returns the characters of runs, embeds left out.
func PlainText(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// Content is a read-only view of a document's state, detached from the
// live document: reading it never blocks editors. Values are plain Go
// values (int64, float64, string, bool, nil, []byte, []any,
// map[string]any); a shared type nested in a map or an array reads as its
// JSON shape (a text as a string, an XML element as its XML).
type Content struct {
	rd *reader
}

// NewContent reads a document from its state as a Yjs V1 update.
func NewContent(state []byte) (*Content, error) {
	rd, err := newReader(state)
	if err != nil {
		return nil, err
	}
	return &Content{rd: rd}, nil
}

// Text returns the runs of the shared text name (nil if absent).
func (c *Content) Text(name string) []Run { return c.rd.text(name) }

// XML returns the children of the XML fragment name.
func (c *Content) XML(name string) []Node { return c.rd.xml(name) }

// Map returns the entries of the shared map name.
func (c *Content) Map(name string) map[string]any { return c.rd.mapOf(name) }

// Array returns the elements of the shared array name.
func (c *Content) Array(name string) []any { return c.rd.array(name) }

// Content returns docID's content: from memory if the document is open on
// this node, else from storage, without keeping it in memory.
func (s *Service) Content(ctx context.Context, docID string) (*Content, error) {
	state, err := s.EncodeState(ctx, docID)
	if err != nil {
		return nil, err
	}
	return NewContent(state)
}

// EncodeState returns docID's whole state as one Yjs V1 update (what
// Y.applyUpdate takes), from memory if the document is open on this node,
// else from storage, without keeping it in memory.
func (s *Service) EncodeState(ctx context.Context, docID string) ([]byte, error) {
	if r := s.openRoom(docID); r != nil {
		r.mu.Lock()
		state := r.rep.encode()
		r.mu.Unlock()
		return compactOr(state), nil
	}
	st, err := s.store.load(ctx, docID)
	if err != nil {
		return nil, err
	}
	rep := newReplica()
	for _, u := range st.updates {
		if _, err := rep.apply(u); err != nil {
			return nil, fmt.Errorf("collab: read %q: %w", docID, err)
		}
	}
	return compactOr(rep.encode()), nil
}

// compactOr returns state compacted (see snapshot.go), or as it is if it
// cannot be.
func compactOr(state []byte) []byte {
	if small, err := compactUpdate(state); err == nil {
		return small
	}
	return state
}

// openRoom returns docID's room if it is loaded on this node, else nil.
func (s *Service) openRoom(docID string) *room {
	s.mu.Lock()
	r := s.rooms[docID]
	s.mu.Unlock()
	if r == nil {
		return nil
	}
	select {
	case <-r.ready:
	default:
		return nil
	}
	if r.loadErr != nil {
		return nil
	}
	r.mu.Lock()
	loaded := r.rep != nil
	r.mu.Unlock()
	if !loaded {
		return nil
	}
	return r
}

// wire converts a value given to an edit into what the engine encodes:
// nil, bool, int64, float64, string, []byte, []any, map[string]any.
// Integral floats become integers (as JavaScript's lib0 writes them);
// other types go through encoding/json.
func wire(v any) any {
	switch x := v.(type) {
	case nil, bool, string, []byte, int64:
		return v
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= 1<<31-1 {
			return int64(x)
		}
		return x
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return wire(i)
		}
		f, _ := x.Float64()
		return wire(f)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = wire(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = wire(e)
		}
		return out
	default:
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		var out any
		d := json.NewDecoder(strings.NewReader(string(b)))
		d.UseNumber()
		if err := d.Decode(&out); err != nil {
			return string(b)
		}
		return wire(out)
	}
}
