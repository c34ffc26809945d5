// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
)

// The kinds of bus messages between nodes.
const (
	busUpdate    = 0 // a stored document update
	busAwareness = 1 // an awareness update
)

// subject is the bus subject of a document's messages.
func subject(docID string) string { return "collab.doc." + docID }

// publish tells the other nodes about an update (already stored) or a
// presence change. Delivery is at most once: a node that misses an update
// still has it in the database, and its clients get it at their next sync.
func (s *Service) publish(ctx context.Context, docID string, kind uint64, data []byte) {
	e := encoder{buf: make([]byte, 0, len(data)+40)}
	e.bytes([]byte(s.node))
	e.uint(kind)
	e.bytes(data)
	if err := s.bus.Publish(ctx, subject(docID), e.buf); err != nil {
		s.log.Warn("collab: publish to the bus", "doc", docID, "err", err)
	}
}

// fromBus handles a message of another node about room r.
func (s *Service) fromBus(r *room, data []byte) {
	d := decoder{buf: data}
	node, kind, payload := d.bytes(), d.uint(), d.bytes()
	if d.err != nil || len(d.buf) != 0 {
		s.log.Warn("collab: malformed bus message", "doc", r.id)
		return
	}
	if string(node) == s.node {
		return
	}
	<-r.ready
	if r.loadErr != nil {
		return
	}
	switch kind {
	case busUpdate:
		r.remote(payload)
	case busAwareness:
		entries, err := decodeAwareness(payload)
		if err != nil {
			s.log.Warn("collab: malformed awareness from the bus", "doc", r.id, "err", err)
			return
		}
		r.awareness(nil, entries)
	}
}
