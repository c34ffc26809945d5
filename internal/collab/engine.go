// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"fmt"
	"maps"

	"github.com/reearth/ygo/crdt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// replica is the one place that knows the CRDT engine (github.com/reearth/ygo):
// the rest of the package sees Yjs V1 updates and state vectors as bytes,
// so that the engine can be replaced. A replica is not safe for concurrent
// use; its room serializes calls.
type replica struct {
	doc *crdt.Doc
	// sv caches the document's state vector while nothing is pending:
	// ygo computes it by walking every client, and a document collects a
	// client per editing session, so asking it for every update made each
	// update cost as much as the document's history of sessions.
	sv      crdt.StateVector
	pending bool // the document holds structs waiting for others
}

// newReplica returns an empty document. Garbage collection is off: ygo's
// per-transaction GC scans every item of a client (gcTxnDeleteSet), which
// makes each update cost grow with the document (see docs/collab.md).
func newReplica() *replica {
	return &replica{doc: crdt.New(crdt.WithGC(false))}
}

// apply integrates a V1 update and returns the update it actually caused
// (nil if it changed nothing: already known). The update is parsed on its
// own first, so that garbage is refused before it reaches the document; an
// engine panic becomes an errs.Invalid error, and the caller must then
// rebuild the replica from storage.
//
// What it caused is the update's structs the replica did not have (those
// waiting for missing dependencies included) and its delete set. It is not
// taken from ygo's update observer: with an observer registered, every
// transaction encodes the document's whole delete set and scans every item
// (encodeV1Locked, buildDeleteSet), which makes each update cost as much
// as the document (see docs/collab.md).
func (r *replica) apply(update []byte) (changed []byte, err error) {
	clients, err := parsedUpdate(update)
	if err != nil {
		return nil, err
	}
	defer func() {
		if p := recover(); p != nil {
			r.sv, r.pending = nil, true
			changed, err = nil, fmt.Errorf("collab: engine panicked applying an update: %v: %w", p, errs.Invalid)
		}
	}()
	if r.sv == nil {
		r.sv = r.doc.StateVector()
	}
	fresh := allNew(update, r.sv)
	var before crdt.StateVector
	if !fresh {
		before = maps.Clone(r.sv)
	}
	if err := crdt.ApplyUpdateV1(r.doc, update, nil); err != nil {
		r.sv, r.pending = nil, true // unknown: recompute
		return nil, fmt.Errorf("collab: apply update: %v: %w", err, errs.Invalid)
	}
	r.advance(clients)
	if isEmptyUpdate(update) {
		return nil, nil
	}
	if fresh {
		return update, nil
	}
	changed, err = crdt.DiffUpdateV1(update, before)
	if err != nil {
		return nil, fmt.Errorf("collab: diff update: %v: %w", err, errs.Invalid)
	}
	if isEmptyUpdate(changed) {
		return nil, nil
	}
	return changed, nil
}

// allNew reports whether update holds nothing the replica had before it
// (whose state vector was before): no structs (deletions only), or the
// structs of one client starting at or after its known clock — what a
// client typing sends. Reading the first header is enough.
func allNew(update []byte, before crdt.StateVector) bool {
	d := decoder{buf: update}
	switch d.uint() {
	case 0:
		return d.err == nil
	case 1:
		d.uint() // how many structs
		client, clock := d.uint(), d.uint()
		return d.err == nil && clock >= before.Clock(crdt.ClientID(client))
	}
	return false
}

// advance updates the cached state vector after an update whose structs
// were clients was applied. With nothing pending in the document before
// and after, every struct was integrated and nothing else was: each of
// those clients moved to the end of its last struct, and no other client
// moved. Otherwise the cache is dropped (the update may have completed
// pending structs of any client), and computed again when next needed.
func (r *replica) advance(clients []yclient) {
	pendingBefore := r.pending
	r.pending = r.doc.PendingStats().Items > 0
	if pendingBefore || r.pending {
		r.sv = nil
		return
	}
	for _, c := range clients {
		for i := len(c.structs) - 1; i >= 0; i-- {
			last := c.structs[i]
			if last.ref == refSkip {
				continue
			}
			if end, id := last.clock+last.n, crdt.ClientID(c.client); end > r.sv[id] {
				r.sv[id] = end
			}
			break
		}
	}
}

// validateUpdate parses a V1 update without integrating it: it refuses
// truncated or trailing bytes and unknown kinds of content.
func validateUpdate(update []byte) error {
	_, err := parsedUpdate(update)
	return err
}

// parsedUpdate is validateUpdate, returning the update's structs.
func parsedUpdate(update []byte) (clients []yclient, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("collab: update decoder panicked: %v: %w", p, errs.Invalid)
		}
	}()
	// Our own wire parser (snapshot.go): ygo's (EncodeStateVectorFromUpdate)
	// builds a scratch document per call and doubled the cost of an update.
	if clients, _, err = parseUpdate(update); err != nil {
		return nil, fmt.Errorf("collab: malformed update: %w", err)
	}
	return clients, nil
}

// isEmptyUpdate reports whether u is a V1 update with no structs and no
// deletions (what a transaction that changed nothing encodes to).
func isEmptyUpdate(u []byte) bool {
	return len(u) == 0 || (len(u) == 2 && u[0] == 0 && u[1] == 0)
}

// stateVector returns the document's V1 state vector.
func (r *replica) stateVector() []byte { return crdt.EncodeStateVectorV1(r.doc) }

// diff returns the V1 update a peer whose V1 state vector is sv is missing.
func (r *replica) diff(sv []byte) (update []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			update, err = nil, fmt.Errorf("collab: state vector decoder panicked: %v: %w", p, errs.Invalid)
		}
	}()
	v, err := crdt.DecodeStateVectorV1(sv)
	if err != nil {
		return nil, fmt.Errorf("collab: malformed state vector: %v: %w", err, errs.Invalid)
	}
	return crdt.EncodeStateAsUpdateV1(r.doc, v), nil
}

// encode returns the whole document as one V1 update.
func (r *replica) encode() []byte { return crdt.EncodeStateAsUpdateV1(r.doc, nil) }

// text returns the content of the shared text name, for tests and
// server-side reading.
func (r *replica) text(name string) string { return r.doc.GetText(name).ToString() }
