// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// EditTx is one server-made change to a document, applied as a whole or
// not at all: the first failing call makes Edit fail and nothing is kept.
// Indexes and lengths count UTF-16 code units, as in Yjs. A text inserted
// with nil attributes takes the formatting of its left neighbour (Yjs's
// rule); pass an empty map for plain text.
type EditTx struct {
	e     *editor
	state []byte
	read  *Content
	err   error
}

// Content returns the document as it was before this edit.
func (tx *EditTx) Content() *Content {
	if tx.read == nil {
		c, err := NewContent(tx.state)
		if err != nil {
			tx.fail(err)
			c, _ = NewContent([]byte{0, 0}) // an empty document
		}
		tx.read = c
	}
	return tx.read
}

func (tx *EditTx) fail(err error) {
	if tx.err == nil {
		tx.err = err
	}
}

func (tx *EditTx) checkRange(name string, index, length int) bool {
	if tx.err != nil {
		return false
	}
	if n := tx.e.textLen(name); index < 0 || length < 0 || index+length > n {
		tx.fail(fmt.Errorf("collab: range %d+%d outside text %q of length %d: %w", index, length, name, n, errs.Invalid))
		return false
	}
	return true
}

// TextLen returns the length of the shared text name, in UTF-16 code units.
func (tx *EditTx) TextLen(name string) int { return tx.e.textLen(name) }

// InsertText inserts text at index of the shared text name.
func (tx *EditTx) InsertText(name string, index int, text string, attrs map[string]any) {
	if tx.checkRange(name, index, 0) {
		tx.e.insertText(name, index, text, attrs)
	}
}

// InsertEmbed inserts an embedded object at index of the shared text name.
func (tx *EditTx) InsertEmbed(name string, index int, embed any, attrs map[string]any) {
	if embed == nil {
		tx.fail(fmt.Errorf("collab: nil embed: %w", errs.Invalid))
	}
	if tx.checkRange(name, index, 0) {
		tx.e.insertEmbed(name, index, embed, attrs)
	}
}

// DeleteText deletes length units from index of the shared text name.
func (tx *EditTx) DeleteText(name string, index, length int) {
	if tx.checkRange(name, index, length) && length > 0 {
		tx.e.deleteText(name, index, length)
	}
}

// FormatText sets attributes on a range of the shared text name; a nil
// value removes an attribute.
func (tx *EditTx) FormatText(name string, index, length int, attrs map[string]any) {
	if tx.checkRange(name, index, length) && length > 0 && len(attrs) > 0 {
		tx.e.formatText(name, index, length, attrs)
	}
}

// ReplaceText replaces the whole shared text name by runs.
func (tx *EditTx) ReplaceText(name string, runs []Run) {
	if tx.err == nil {
		tx.e.replaceText(name, runs)
	}
}

// SetMap sets key of the shared map name to a plain value (JSON-like).
func (tx *EditTx) SetMap(name, key string, value any) {
	if tx.err == nil {
		tx.e.setMap(name, key, value)
	}
}

// DeleteMap deletes key of the shared map name.
func (tx *EditTx) DeleteMap(name, key string) {
	if tx.err == nil {
		tx.e.deleteMap(name, key)
	}
}

// InsertArray inserts plain values at index of the shared array name.
func (tx *EditTx) InsertArray(name string, index int, values ...any) {
	if tx.err == nil && len(values) > 0 {
		tx.e.insertArray(name, index, values)
	}
}

// DeleteArray deletes length elements from index of the shared array name.
func (tx *EditTx) DeleteArray(name string, index, length int) {
	if tx.err == nil && length > 0 {
		tx.e.deleteArray(name, index, length)
	}
}

// ReplaceXML replaces every child of the XML fragment name by nodes (for
// BlockNote, name is "document-store").
func (tx *EditTx) ReplaceXML(name string, nodes []Node) {
	if tx.err != nil {
		return
	}
	if err := checkNodes(nodes); err != nil {
		tx.fail(err)
		return
	}
	tx.e.replaceXML(name, nodes)
}

func checkNodes(nodes []Node) error {
	for _, n := range nodes {
		if n.IsText() && (len(n.Children) > 0 || len(n.Attrs) > 0) {
			return fmt.Errorf("collab: a text node has no children nor attributes: %w", errs.Invalid)
		}
		if !n.IsText() && len(n.Text) > 0 {
			return fmt.Errorf("collab: element %q holds text in a text node child, not in Text: %w", n.Name, errs.Invalid)
		}
		if err := checkNodes(n.Children); err != nil {
			return err
		}
	}
	return nil
}

// Edit applies a server-made change to docID: fn describes it on an
// EditTx, and the resulting update is applied to the document (loaded if
// needed), stored and relayed to every connected client exactly like a
// client's update. Edit returns once the change is stored. If fn returns
// an error, or a call on the EditTx failed, nothing changes.
func (s *Service) Edit(ctx context.Context, docID string, fn func(tx *EditTx) error) error {
	r, err := s.acquire(ctx, docID)
	if err != nil {
		return err
	}
	defer s.release(r)
	r.mu.Lock()
	state := r.rep.encode()
	r.mu.Unlock()
	update, err := runEdit(state, func(e *editor) error {
		tx := &EditTx{e: e, state: state}
		if err := fn(tx); err != nil {
			return err
		}
		return tx.err
	})
	if err != nil || update == nil {
		return err
	}
	return r.applyServer(ctx, update)
}

// Seed writes the first state of a new, empty document from a Yjs V1
// update (a duplicate, an import). It fails with errs.Conflict if the
// document already has content, and errs.Invalid if state is not a whole
// document (it refers to content it does not hold).
func (s *Service) Seed(ctx context.Context, docID string, state []byte) error {
	probe := newReplica()
	if _, err := probe.apply(state); err != nil {
		return err
	}
	if !probe.covers(state) {
		return fmt.Errorf("collab: seed state refers to content it does not hold: %w", errs.Invalid)
	}
	r, err := s.acquire(ctx, docID)
	if err != nil {
		return err
	}
	defer s.release(r)
	r.mu.Lock()
	empty := r.rep.empty()
	r.mu.Unlock()
	if !empty {
		return fmt.Errorf("collab: seed %q: the document is not empty: %w", docID, errs.Conflict)
	}
	if probe.empty() {
		return nil
	}
	return r.applyServerIf(ctx, state, func() bool { return r.rep.empty() })
}

// applyServer applies a server-made update to the room, queues it to be
// stored and relayed like a client's, and waits until it is stored.
func (r *room) applyServer(ctx context.Context, update []byte) error {
	return r.applyServerIf(ctx, update, nil)
}

// applyServerIf is applyServer when cond (checked under the room's lock)
// holds; otherwise it fails with errs.Conflict.
func (r *room) applyServerIf(ctx context.Context, update []byte, cond func() bool) error {
	r.mu.Lock()
	if cond != nil && !cond() {
		r.mu.Unlock()
		return fmt.Errorf("collab: %s changed meanwhile: %w", r, errs.Conflict)
	}
	changed, err := r.rep.apply(update)
	if err != nil {
		r.rebuildLocked()
		r.mu.Unlock()
		return err
	}
	if changed != nil {
		r.enqueueLocked(outgoing{update: changed})
	}
	r.mu.Unlock()
	return r.awaitStored(ctx, update)
}

// awaitStored waits until the room's write queue is empty, then checks
// that update survived it (a failed commit reloads the document from
// storage, without it).
func (r *room) awaitStored(ctx context.Context, update []byte) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for {
		r.mu.Lock()
		idle := !r.writing && len(r.pending) == 0
		kept := idle && r.rep.covers(update)
		r.mu.Unlock()
		if idle {
			if !kept {
				return fmt.Errorf("collab: %s: the edit could not be stored: %w", r, errs.Unavailable)
			}
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("collab: %s: waiting for the edit to be stored: %w", r, ctx.Err())
		case <-tick.C:
		}
	}
}
