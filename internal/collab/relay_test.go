// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/bus/natsbus"
	"github.com/ensemble-suite/ensemble/internal/bus/natsbus/natsembed"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/drain"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// lossyBus is a real bus with a fault injected: it loses the publishes
// whose numbers (from 1, counting this node's publishes) are in lose.
type lossyBus struct {
	bus.Bus
	mu   sync.Mutex
	n    int
	lose map[int]bool
}

func (b *lossyBus) Publish(ctx context.Context, subject string, data []byte) error {
	b.mu.Lock()
	b.n++
	lost := b.lose[b.n]
	b.mu.Unlock()
	if lost {
		return nil
	}
	return b.Bus.Publish(ctx, subject, data)
}

// twoNodes is two Services sharing one database and one bus, as two
// servers share PostgreSQL and NATS; node A's publishes numbered in lose
// are lost on the way.
type twoNodes struct {
	a, b       *Service
	urlA, urlB string
	docID      string
	owner      string
	docs       *docs.Service
	users      *identity.Service
	db         *db.DB
}

func newTwoNodes(t *testing.T, d *db.DB, opts Options, lose ...int) *twoNodes {
	t.Helper()
	shared := bus.NewLocal(256)
	t.Cleanup(func() { shared.Close() })
	return newTwoNodesOn(t, d, opts, shared, shared, lose...)
}

// newTwoNodesOn is newTwoNodes with each node's own bus connection.
func newTwoNodesOn(t *testing.T, d *db.DB, opts Options, busA, busB bus.Bus, lose ...int) *twoNodes {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	users := identity.New(d, audit.New(d, log), log, identity.Options{})
	u, err := users.CreateUser(t.Context(), identity.NewUser{Email: "a@mairie.fr", Name: "A", Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	ds := docs.New(d, audit.New(d, log), log)
	doc, err := ds.Create(t.Context(), u.ID, "t")
	if err != nil {
		t.Fatal(err)
	}
	lossy := &lossyBus{Bus: busA, lose: map[int]bool{}}
	for _, n := range lose {
		lossy.lose[n] = true
	}
	n := &twoNodes{docID: doc.ID, owner: u.ID, docs: ds, users: users, db: d}
	n.a = New(d, lossy, ds, users, drain.New(), log, opts)
	n.b = New(d, busB, ds, users, drain.New(), log, opts)
	n.urlA, n.urlB = serveTest(t, n.a), serveTest(t, n.b)
	return n
}

// typeStored types s on c and waits until node s has stored up to seq.
func typeStored(t *testing.T, s *Service, docID string, c *wsClient, text string, seq int64) {
	t.Helper()
	c.insert(text)
	waitFor(t, "the update to be stored", func() bool {
		top, err := s.store.top(t.Context(), docID)
		return err == nil && top >= seq
	})
}

func TestMissedBusMessageIsReadFromStorage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// No idle checks: only the gap in sequence numbers can reveal the loss.
		n := newTwoNodes(t, d, Options{GapWait: 10 * time.Millisecond, SyncEvery: time.Hour}, 3)
		ca, _ := dialY(t, n.urlA, n.docID, n.owner)
		cb, _ := dialY(t, n.urlB, n.docID, n.owner)
		for i := range 8 {
			typeStored(t, n.a, n.docID, ca, "a", int64(i+1))
		}
		waitFor(t, "the client of node B to get every update", func() bool { return cb.text() == "aaaaaaaa" })
		if n.b.caughtUp.Load() == 0 {
			t.Error("node B converged without reading the lost update from storage")
		}
		for range 5 {
			cb.insert("b")
			ca.insert("a")
		}
		waitFor(t, "both clients to converge", func() bool { at := ca.text(); return len(at) == 18 && at == cb.text() })
	})
}

// TestMissedNATSMessageIsReadFromStorage is the same over a real NATS
// server, each node with its own connection, on PostgreSQL.
func TestMissedNATSMessageIsReadFromStorage(t *testing.T) {
	ns, err := natsembed.Start(t.Context(), nil, natsembed.Options{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	conn := func() bus.Bus {
		b, err := natsbus.New(t.Context(), ns.URL(), log)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		return b
	}
	n := newTwoNodesOn(t, dbtest.Postgres(t), Options{GapWait: 10 * time.Millisecond, SyncEvery: time.Hour}, conn(), conn(), 2)
	ca, _ := dialY(t, n.urlA, n.docID, n.owner)
	cb, _ := dialY(t, n.urlB, n.docID, n.owner)
	for i := range 4 {
		typeStored(t, n.a, n.docID, ca, "a", int64(i+1))
	}
	waitFor(t, "the client of node B to get every update", func() bool { return cb.text() == "aaaa" })
	if n.b.caughtUp.Load() == 0 {
		t.Error("node B converged without reading the lost update from storage")
	}
}

func TestLastMissedMessageIsFoundWhenIdle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// No later message reveals the gap: the idle check must.
		n := newTwoNodes(t, d, Options{GapWait: time.Hour, SyncEvery: 20 * time.Millisecond}, 2)
		ca, _ := dialY(t, n.urlA, n.docID, n.owner)
		cb, _ := dialY(t, n.urlB, n.docID, n.owner)
		typeStored(t, n.a, n.docID, ca, "x", 1)
		waitFor(t, "the first update on node B", func() bool { return cb.text() == "x" })
		typeStored(t, n.a, n.docID, ca, "y", 2)
		waitFor(t, "the lost update on node B", func() bool { return cb.text() == "xy" })
	})
}

func TestMissedUpdatesCompactedAreReadFromTheSnapshot(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTwoNodes(t, d, Options{GapWait: 10 * time.Millisecond, SyncEvery: time.Hour}, 2, 3)
		ca, _ := dialY(t, n.urlA, n.docID, n.owner)
		cb, _ := dialY(t, n.urlB, n.docID, n.owner)
		typeStored(t, n.a, n.docID, ca, "z", 1)
		waitFor(t, "the first update on node B", func() bool { return cb.text() == "z" })
		typeStored(t, n.a, n.docID, ca, "a", 2)
		typeStored(t, n.a, n.docID, ca, "b", 3)
		// Both messages were lost; a compaction merges their updates into
		// the snapshot and deletes them from the log.
		if m, err := n.a.compact(t.Context(), n.docID); err != nil || m != 3 {
			t.Fatalf("compact = %d, %v", m, err)
		}
		typeStored(t, n.a, n.docID, ca, "c", 4)
		waitFor(t, "node B to catch up from the snapshot", func() bool { return cb.text() == "zabc" })
		late, _ := dialY(t, n.urlB, n.docID, n.owner)
		waitFor(t, "a late client of node B", func() bool { return late.text() == "zabc" })
	})
}

func TestStoreSinceAfterCompaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, id := newTestService(t, d, Options{})
		ups := edits(5)
		for _, u := range ups[:3] {
			if _, err := s.store.appendUpdates(ctx, id, [][]byte{u}); err != nil {
				t.Fatal(err)
			}
		}
		if st, err := s.store.since(ctx, id, 1); err != nil || len(st.updates) != 2 || st.lastSeq != 3 {
			t.Fatalf("since(1) = %d updates up to %d, %v; want 2 up to 3", len(st.updates), st.lastSeq, err)
		}
		if _, err := s.compact(ctx, id); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.appendUpdates(ctx, id, ups[3:]); err != nil {
			t.Fatal(err)
		}
		// Updates 2 and 3 are gone from the log: the snapshot replaces them.
		st, err := s.store.since(ctx, id, 1)
		if err != nil || len(st.updates) != 3 || st.snapSeq != 3 || st.lastSeq != 5 {
			t.Fatalf("since(1) after compaction = %d updates, snapshot %d, up to %d, %v", len(st.updates), st.snapSeq, st.lastSeq, err)
		}
		if st, err := s.store.since(ctx, id, 4); err != nil || len(st.updates) != 1 || st.lastSeq != 5 {
			t.Fatalf("since(4) = %d updates up to %d, %v; want 1 up to 5", len(st.updates), st.lastSeq, err)
		}
		if st, err := s.store.since(ctx, id, 5); err != nil || len(st.updates) != 0 || st.lastSeq != 5 {
			t.Fatalf("since(5) = %d updates up to %d, %v; want none", len(st.updates), st.lastSeq, err)
		}
		if top, err := s.store.top(ctx, id); err != nil || top != 5 {
			t.Fatalf("top = %d, %v; want 5", top, err)
		}
	})
}

func TestDecodeStoredRefusesGarbage(t *testing.T) {
	var e encoder
	e.uint(7)
	e.uint(2)
	e.uint(2)
	e.bytes([]byte{1})
	e.bytes([]byte{2})
	if f, c, ups, ok := decodeStored(e.buf); !ok || f != 7 || c != 2 || len(ups) != 2 {
		t.Fatalf("decodeStored = %d %d %v %v", f, c, ups, ok)
	}
	for _, bad := range [][]byte{{}, {0, 1, 0}, {1, 0, 0}, {1, 2, 1, 0}, {1, 1, 1, 5, 1}, {1, 1, 0, 9}, {1, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f}} {
		if _, _, _, ok := decodeStored(bad); ok {
			t.Errorf("decodeStored(%v) accepted", bad)
		}
	}
}

func TestRebuildKeepsQueuedUpdates(t *testing.T) {
	ctx := t.Context()
	s, docID := newTestService(t, dbtest.SQLite(t), Options{})
	r, err := s.acquire(ctx, docID)
	if err != nil {
		t.Fatal(err)
	}
	defer s.release(r)
	ups := edits(2)
	r.mu.Lock()
	r.writing = true // hold the writer: what is submitted stays queued
	r.mu.Unlock()
	if err := r.submit(nil, ups[0]); err != nil {
		t.Fatal(err)
	}
	// A rebuild (after a refused update) must keep the queued update…
	r.mu.Lock()
	r.rebuildLocked()
	r.mu.Unlock()
	// …or the next update, which depends on it, would wait forever.
	if err := r.submit(nil, ups[1]); err != nil {
		t.Fatal(err)
	}
	if got := r.text("t"); got != "xx" {
		t.Fatalf("text after rebuild = %q; want xx", got)
	}
	go r.flush()
	waitFor(t, "the queued updates to be stored", func() bool { top, _ := s.store.top(ctx, docID); return top == 2 })
	st, err := s.store.load(ctx, docID)
	if err != nil || len(st.updates) != 2 {
		t.Fatalf("stored = %d updates, %v", len(st.updates), err)
	}
}

// BenchmarkIdleCheck measures the idle check's one read (the last
// sequence number of a document with 10,000 stored updates).
func BenchmarkIdleCheck(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			d := dbtest.SQLite(b)
			if kind == "postgres" {
				d = dbtest.Postgres(b)
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			users := identity.New(d, audit.New(d, log), log, identity.Options{})
			u, err := users.CreateUser(b.Context(), identity.NewUser{Email: "a@mairie.fr", Name: "A", Password: "correct horse battery"})
			if err != nil {
				b.Fatal(err)
			}
			doc, err := docs.New(d, audit.New(d, log), log).Create(b.Context(), u.ID, "t")
			if err != nil {
				b.Fatal(err)
			}
			st := &store{db: d, now: time.Now}
			ups := edits(100)
			for range 100 {
				if _, err := st.appendUpdates(b.Context(), doc.ID, ups); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				if top, err := st.top(b.Context(), doc.ID); err != nil || top != 10000 {
					b.Fatalf("top = %d, %v", top, err)
				}
			}
		})
	}
}
