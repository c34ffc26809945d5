// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// room is one open document in memory: its replica, the connections of
// this node that edit it, their presence, and the queue of accepted
// updates waiting to be stored.
//
// An update is applied to the replica first (which validates it and
// reduces it to what it really changes), then queued; one writer
// goroutine per room stores everything queued in one transaction and only
// then relays it. A newcomer's sync reply, computed from the replica, goes
// through the same queue, so no one ever receives an update before it is
// stored.
type room struct {
	svc *Service
	id  string

	mu        sync.Mutex
	rep       *replica
	pres      presence
	conns     map[*conn]bool
	roles     roleCache
	refs      int
	pending   []outgoing
	writing   bool
	inflight  [][]byte // the updates flush is storing now
	logCount  int      // updates in the log since the snapshot (approximate)
	compactOn bool
	unsub     func()
	ready     chan struct{}
	loadErr   error

	// Sequence numbers (see seq.go): every update up to seq is in rep;
	// ahead are ranges known beyond a gap.
	seq       int64
	ahead     []seqRange
	active    bool // seq moved since the last idle check
	catchSoon bool // a catch-up is scheduled
	catching  bool // a catch-up is running
	again     bool // a catch-up was asked for while one was running
	poller    *time.Timer
	closed    bool // evicted: no more timers
}

// outgoing is an entry of the write queue: an update to store and relay
// (from is its sender, who does not get it back), or a reply to send to
// one connection once everything queued before it is stored.
type outgoing struct {
	update []byte
	from   *conn
	reply  []byte
	to     *conn
}

// load fills the replica from storage.
func (r *room) load(ctx context.Context) error {
	st, err := r.svc.store.load(ctx, r.id)
	if err != nil {
		return err
	}
	rep := newReplica()
	for i, u := range st.updates {
		if _, err := rep.apply(u); err != nil {
			// The engine refused what it accepted before: keep the rest.
			r.svc.log.Error("collab: stored update refused on load", "doc", r.id, "index", i, "err", err)
		}
	}
	r.rep, r.logCount = rep, st.logCount
	r.seq, r.ahead = st.lastSeq, nil
	return nil
}

// submit applies an update from c, then queues it for storage and relay.
// An error means the update was malformed; the document is unchanged.
func (r *room) submit(c *conn, update []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	changed, err := r.rep.apply(update)
	if err != nil {
		// The engine may have integrated part of it: rebuild from storage.
		r.rebuildLocked()
		return err
	}
	if changed != nil {
		r.enqueueLocked(outgoing{update: changed, from: c})
	}
	return nil
}

// syncReply answers a client's sync step 1 with what it is missing, once
// everything in it is stored.
func (r *room) syncReply(c *conn, sv []byte) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	diff, err := r.rep.diff(sv)
	if err != nil {
		return err
	}
	frame := syncFrame(syncStep2, diff)
	if len(r.pending) == 0 && !r.writing {
		c.send(frame)
		return nil
	}
	r.enqueueLocked(outgoing{reply: frame, to: c})
	return nil
}

func (r *room) enqueueLocked(o outgoing) {
	r.pending = append(r.pending, o)
	if !r.writing {
		r.writing = true
		go r.flush()
	}
}

// flush stores queued updates, a batch per transaction, and relays them,
// until the queue is empty. A failed commit leaves the document as stored:
// the replica is rebuilt and this node's connections closed; their clients
// reconnect and send again what was lost.
func (r *room) flush() {
	ctx := context.WithoutCancel(context.Background())
	for {
		r.mu.Lock()
		batch := r.pending
		r.pending = nil
		if len(batch) == 0 {
			r.writing = false
			r.mu.Unlock()
			return
		}
		var updates [][]byte
		for _, o := range batch {
			if o.update != nil {
				updates = append(updates, o.update)
			}
		}
		r.inflight = updates
		r.mu.Unlock()

		var last int64
		if len(updates) > 0 {
			var err error
			if last, err = r.svc.store.appendUpdates(ctx, r.id, updates); err != nil {
				r.svc.log.Error("collab: cannot store updates; reconnecting the document's clients", "doc", r.id, "err", err)
				r.mu.Lock()
				r.inflight = nil // lost: the clients send it again
				r.rebuildLocked()
				for c := range r.conns {
					c.fail("the server could not store an update")
				}
				r.mu.Unlock()
				continue
			}
		}
		r.mu.Lock()
		r.inflight = nil
		r.relayLocked(batch, updates)
		first := last - int64(len(updates)) + 1
		if len(updates) > 0 {
			r.markLocked(first, last)
		}
		r.logCount += len(updates)
		compact := r.logCount >= r.svc.opts.CompactAfter && !r.compactOn
		if compact {
			r.compactOn = true
		}
		r.mu.Unlock()
		if len(updates) > 0 {
			r.svc.publishStored(ctx, r.id, first, updates)
			if r.svc.opts.OnStored != nil {
				r.svc.opts.OnStored(r.id)
			}
		}
		if compact {
			go r.compact()
		}
	}
}

// relayLocked sends a stored batch: each reply to its connection, and the
// updates to every connection but their sender's. A connection that sent
// none of them gets them merged into one update, made once for all (its
// writer would otherwise merge them itself, once per connection).
func (r *room) relayLocked(batch []outgoing, updates [][]byte) {
	var merged []byte
	senders := map[*conn]bool{}
	if len(updates) > 1 {
		if u, err := mergeUpdates(updates); err == nil {
			merged = syncFrame(syncUpdate, u)
			for _, o := range batch {
				if o.update != nil {
					senders[o.from] = true
				}
			}
		}
	}
	frames := make([][]byte, len(batch))
	for i, o := range batch {
		if o.reply != nil {
			o.to.send(o.reply)
			continue
		}
		if merged == nil {
			frames[i] = syncFrame(syncUpdate, o.update)
			for c := range r.conns {
				if c != o.from {
					c.send(frames[i])
				}
			}
		}
	}
	if merged == nil {
		return
	}
	for c := range r.conns {
		if !senders[c] {
			c.send(merged)
			continue
		}
		for i, o := range batch {
			if o.update != nil && o.from != c {
				if frames[i] == nil {
					frames[i] = syncFrame(syncUpdate, o.update)
				}
				c.send(frames[i])
			}
		}
	}
}

// rebuildLocked replaces the replica by what storage holds, plus the
// updates accepted but not stored yet (being stored, or queued): they will
// be stored and relayed, so the replica must keep them, or it would lose
// them and refuse what depends on them.
func (r *room) rebuildLocked() {
	ctx := context.WithoutCancel(context.Background())
	if err := r.load(ctx); err != nil {
		r.svc.log.Error("collab: cannot reload document", "doc", r.id, "err", err)
		return
	}
	queued := append([][]byte(nil), r.inflight...)
	for _, o := range r.pending {
		if o.update != nil {
			queued = append(queued, o.update)
		}
	}
	for _, u := range queued {
		if _, err := r.rep.apply(u); err != nil {
			r.svc.log.Error("collab: queued update refused on reload", "doc", r.id, "err", err)
		}
	}
}

// compact merges the log into a snapshot from storage alone, so editors
// never wait for it.
func (r *room) compact() {
	defer func() {
		r.mu.Lock()
		r.compactOn = false
		r.mu.Unlock()
	}()
	ctx := context.WithoutCancel(context.Background())
	n, err := r.svc.compact(ctx, r.id)
	if err != nil {
		r.svc.log.Warn("collab: compaction failed", "doc", r.id, "err", err)
		return
	}
	r.mu.Lock()
	r.logCount = max(0, r.logCount-n)
	r.mu.Unlock()
}

// remote applies updates another node stored with sequence numbers
// first.., and relays what they changed. Updates this node already has
// are skipped; a gap before them schedules a catch-up from storage.
func (r *room) remote(first int64, updates [][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	last := first + int64(len(updates)) - 1
	if last <= r.seq {
		return
	}
	for _, u := range updates {
		r.applyRemoteLocked(u)
	}
	r.logCount += len(updates)
	r.markLocked(first, last)
}

// applyRemoteLocked applies an update stored elsewhere and relays what it
// changed to this node's connections.
func (r *room) applyRemoteLocked(update []byte) {
	changed, err := r.rep.apply(update)
	if err != nil {
		r.svc.log.Warn("collab: stored update refused", "doc", r.id, "err", err)
		return
	}
	if changed == nil {
		return
	}
	frame := syncFrame(syncUpdate, changed)
	for c := range r.conns {
		c.send(frame)
	}
}

// awareness merges presence from c (nil: from another node) and relays
// what is new to the other connections.
func (r *room) awareness(c *conn, entries []awarenessEntry) []awarenessEntry {
	r.mu.Lock()
	defer r.mu.Unlock()
	fresh := r.pres.merge(entries)
	if len(fresh) == 0 {
		return nil
	}
	frame := awarenessFrame(encodeAwareness(fresh))
	for o := range r.conns {
		if o != c {
			o.send(frame)
		}
	}
	return fresh
}

// join adds c and sends it the server's state vector and current presence.
func (r *room) join(c *conn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conns[c] = true
	c.send(syncFrame(syncStep1, r.rep.stateVector()))
	if all := r.pres.all(); len(all) > 0 {
		c.send(awarenessFrame(encodeAwareness(all)))
	}
}

// presenceFrame returns every known presence state, for query awareness.
func (r *room) presenceFrame() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return awarenessFrame(encodeAwareness(r.pres.all()))
}

// leave removes c and announces that its clients are gone.
func (r *room) leave(c *conn) []awarenessEntry {
	r.mu.Lock()
	delete(r.conns, c)
	r.mu.Unlock()
	gone := r.awarenessLeave(c.clientIDs())
	return gone
}

func (r *room) awarenessLeave(ids map[uint64]bool) []awarenessEntry {
	r.mu.Lock()
	gone := r.pres.leave(ids)
	r.mu.Unlock()
	if len(gone) > 0 {
		r.mu.Lock()
		frame := awarenessFrame(encodeAwareness(gone))
		for o := range r.conns {
			o.send(frame)
		}
		r.mu.Unlock()
	}
	return gone
}

// Text returns the content of the shared text name of the room's document,
// as this node holds it.
func (r *room) text(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rep.text(name)
}

func (r *room) String() string { return fmt.Sprintf("room %s", r.id) }
