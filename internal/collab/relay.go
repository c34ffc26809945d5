// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"time"
)

// The kinds of bus messages between nodes.
const (
	busUpdate    = 0 // a stored document update, without its sequence number (older nodes)
	busAwareness = 1 // an awareness update
	busStored    = 2 // stored updates with their sequence numbers, or a notice of them
	busAccess    = 3 // access to the document changed: recheck its connections
)

// maxBusPayload bounds the updates carried in one bus message; beyond it
// the message only says which sequence numbers were stored, and the other
// nodes read them from the database.
const maxBusPayload = 256 << 10

// subject is the bus subject of a document's messages.
func subject(docID string) string { return "collab.doc." + docID }

// seqRange is an inclusive range of sequence numbers.
type seqRange struct{ first, last int64 }

// publish tells the other nodes about a presence change or an access
// change.
func (s *Service) publish(ctx context.Context, docID string, kind uint64, data []byte) {
	e := encoder{buf: make([]byte, 0, len(data)+40)}
	e.bytes([]byte(s.node))
	e.uint(kind)
	e.bytes(data)
	s.send(ctx, docID, e.buf)
}

// publishStored tells the other nodes about updates stored with sequence
// numbers first, first+1, … Delivery is at most once: a node that misses
// the message notices the gap in sequence numbers at the next one, or at
// its next idle check, and reads what it missed from the database.
func (s *Service) publishStored(ctx context.Context, docID string, first int64, updates [][]byte) {
	size := 0
	for _, u := range updates {
		size += len(u)
	}
	var p encoder
	p.uint(uint64(first))
	p.uint(uint64(len(updates)))
	if size <= maxBusPayload {
		p.uint(uint64(len(updates)))
		for _, u := range updates {
			p.bytes(u)
		}
	} else {
		p.uint(0) // too big for the bus: a notice only
	}
	s.publish(ctx, docID, busStored, p.buf)
}

func (s *Service) send(ctx context.Context, docID string, msg []byte) {
	if err := s.bus.Publish(ctx, subject(docID), msg); err != nil {
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
		r.mu.Lock()
		r.applyRemoteLocked(payload)
		r.mu.Unlock()
	case busStored:
		first, count, updates, ok := decodeStored(payload)
		if !ok {
			s.log.Warn("collab: malformed stored updates from the bus", "doc", r.id)
			return
		}
		if updates == nil {
			r.notice(first + count - 1)
			return
		}
		r.remote(first, updates)
	case busAwareness:
		entries, err := decodeAwareness(payload)
		if err != nil {
			s.log.Warn("collab: malformed awareness from the bus", "doc", r.id, "err", err)
			return
		}
		r.awareness(nil, entries)
	case busAccess:
		go s.recheckRoom(context.Background(), r)
	}
}

// decodeStored reads a busStored payload: the first sequence number, how
// many updates, and the updates (nil for a notice).
func decodeStored(p []byte) (first, count int64, updates [][]byte, ok bool) {
	d := decoder{buf: p}
	f, c, n := d.uint(), d.uint(), d.uint()
	if d.err != nil || f == 0 || c == 0 || c > 1<<32 || (n != 0 && n != c) || n > uint64(len(d.buf)) {
		return 0, 0, nil, false
	}
	for range n {
		updates = append(updates, d.bytes())
	}
	if d.err != nil || len(d.buf) != 0 {
		return 0, 0, nil, false
	}
	return int64(f), int64(c), updates, true
}

// markLocked records that rep holds the updates first..last, advances seq
// over every range now contiguous, and schedules a catch-up if a gap is
// left (an update missed, or one still on its way: the catch-up waits a
// little for it).
func (r *room) markLocked(first, last int64) {
	r.active = true
	if last <= r.seq {
		return
	}
	r.ahead = append(r.ahead, seqRange{first, last})
	for moved := true; moved; {
		moved = false
		kept := r.ahead[:0]
		for _, g := range r.ahead {
			switch {
			case g.last <= r.seq:
			case g.first <= r.seq+1:
				r.seq, moved = g.last, true
			default:
				kept = append(kept, g)
			}
		}
		r.ahead = kept
	}
	if len(r.ahead) > 0 {
		r.catchUpLocked(r.svc.opts.GapWait)
	}
}

// notice handles a stored range announced without its updates.
func (r *room) notice(last int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.active = true
	if last > r.seq {
		r.catchUpLocked(0)
	}
}

// catchUpLocked schedules a catch-up after wait, unless one is scheduled.
func (r *room) catchUpLocked(wait time.Duration) {
	if r.catchSoon || r.closed {
		return
	}
	r.catchSoon = true
	time.AfterFunc(wait, r.catchUp)
}

// catchUp reads from storage every update after seq (or the snapshot, if
// a compaction merged some of them) and applies them, relaying what they
// change to this node's connections: they are stored, so relaying them
// keeps the rule that nothing is relayed before it is stored.
func (r *room) catchUp() {
	r.mu.Lock()
	r.catchSoon = false
	if r.catching || r.closed {
		r.again = r.again || r.catching
		r.mu.Unlock()
		return
	}
	r.catching = true
	after := r.seq
	r.mu.Unlock()

	st, err := r.svc.store.since(context.Background(), r.id, after)

	r.mu.Lock()
	defer r.mu.Unlock()
	r.catching = false
	if r.again {
		// Asked again while reading: what was asked may be newer.
		r.again = false
		defer r.catchUpLocked(0)
	}
	if err != nil {
		r.svc.log.Warn("collab: cannot read missed updates", "doc", r.id, "err", err)
		if len(r.ahead) > 0 {
			r.catchUpLocked(r.svc.opts.SyncEvery)
		}
		return
	}
	// Counted before the updates go out: a test that sees them arrive
	// must also see the count.
	r.svc.caughtUp.Add(1)
	for _, u := range st.updates {
		r.applyRemoteLocked(u)
	}
	if st.snapSeq > after {
		r.logCount = st.logCount
	} else {
		r.logCount += st.logCount
	}
	if st.lastSeq > after {
		r.markLocked(after+1, st.lastSeq)
	}
}

// startPolling begins the idle checks of a loaded room.
func (r *room) startPolling() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.closed {
		r.poller = time.AfterFunc(r.svc.opts.SyncEvery, r.poll)
	}
}

// poll is the idle check: when no update went through the room since the
// last check (so no later message could reveal a missed one), it asks
// storage for the last sequence number of the document, one indexed read,
// and catches up if it is ahead.
func (r *room) poll() {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	busy, seq := r.active, r.seq
	r.active = false
	r.mu.Unlock()
	if !busy {
		top, err := r.svc.store.top(context.Background(), r.id)
		if err != nil {
			r.svc.log.Warn("collab: idle check", "doc", r.id, "err", err)
		} else if top > seq {
			r.mu.Lock()
			r.catchUpLocked(0)
			r.mu.Unlock()
		}
	}
	r.startPolling()
}

// stopPolling ends the timers of an evicted room.
func (r *room) stopPolling() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	if r.poller != nil {
		r.poller.Stop()
	}
}
