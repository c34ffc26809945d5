// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// TestGroupCommitSharesTransactions: documents handed over while a commit
// waits for the database are stored together, in one transaction, each
// with its own sequence numbers; a document that cannot be stored (it no
// longer exists) fails alone.
func TestGroupCommitSharesTransactions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, first := newTestService(t, d, Options{})
		owner, err := s.perms.(*docs.Service).Record(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		const n = 40
		docIDs := []string{first}
		for range n - 1 {
			doc, err := s.perms.(*docs.Service).Create(ctx, owner.OwnerID, "t")
			if err != nil {
				t.Fatal(err)
			}
			docIDs = append(docIDs, doc.ID)
		}
		gone := ids.New() // no such document: its insert breaks the foreign key

		// Hold the database's writer so that every writer queues behind it.
		// (On PostgreSQL the other transaction does not block inserts, so
		// the hold only delays; the outcome checked below is the same.)
		release := make(chan struct{})
		held := make(chan struct{})
		go d.Tx(ctx, func(*sql.Tx) error { close(held); <-release; return nil })
		<-held
		before := s.store.group.txs.Load()

		ups := edits(3)
		var wg sync.WaitGroup
		lasts := make([]int64, n)
		errsOut := make([]error, n)
		for i, id := range docIDs {
			wg.Go(func() { lasts[i], errsOut[i] = s.store.appendUpdates(ctx, id, ups) })
		}
		var goneErr error
		wg.Go(func() { _, goneErr = s.store.appendUpdates(ctx, gone, ups[:1]) })
		deadline := time.Now().Add(10 * time.Second)
		for {
			s.store.group.mu.Lock()
			queued := len(s.store.group.queue)
			s.store.group.mu.Unlock()
			if queued >= n || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		close(release)
		wg.Wait()

		for i := range n {
			if errsOut[i] != nil || lasts[i] != 3 {
				t.Errorf("document %d: last = %d, err = %v; want 3, nil", i, lasts[i], errsOut[i])
			}
		}
		if goneErr == nil {
			t.Error("updates of a document that does not exist were stored")
		}
		// At most: the first batch, then everything queued behind it (which
		// fails for the missing document and is retried one by one).
		if txs := s.store.group.txs.Load() - before; d.Dialect() == db.SQLite && txs > n+3 {
			t.Errorf("%d transactions for %d documents", txs, n+1)
		}
		for _, id := range docIDs {
			st, err := s.store.load(ctx, id)
			if err != nil || st.lastSeq != 3 || len(st.updates) != 3 {
				t.Fatalf("document %s stored %d updates up to %d (%v); want 3", id, len(st.updates), st.lastSeq, err)
			}
		}

		// Without a failing document, the queued documents share one commit.
		hold := make(chan struct{})
		held = make(chan struct{})
		go d.Tx(ctx, func(*sql.Tx) error { close(held); <-hold; return nil })
		<-held
		before = s.store.group.txs.Load()
		for i, id := range docIDs {
			wg.Go(func() { lasts[i], errsOut[i] = s.store.appendUpdates(ctx, id, ups[:1]) })
		}
		deadline = time.Now().Add(10 * time.Second)
		for {
			s.store.group.mu.Lock()
			queued := len(s.store.group.queue)
			s.store.group.mu.Unlock()
			if queued >= n-1 || time.Now().After(deadline) {
				break
			}
			time.Sleep(time.Millisecond)
		}
		close(hold)
		wg.Wait()
		for i := range n {
			if errsOut[i] != nil || lasts[i] != 4 {
				t.Errorf("document %d: last = %d, err = %v; want 4", i, lasts[i], errsOut[i])
			}
		}
		if txs := s.store.group.txs.Load() - before; d.Dialect() == db.SQLite && txs > 2 {
			t.Errorf("%d documents queued together took %d transactions; want at most 2", n, txs)
		}
	})
}
