// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/ensemble-suite/ensemble/internal/db"
)

// group is the group commit of a node's documents. Each open document has
// one writer, and on SQLite every transaction waits for the single write
// connection and pays one disk sync at commit: with hundreds of documents
// edited at once, committing each on its own would queue them behind one
// another. Instead, writers hand their updates to one committer, which
// stores everything handed to it meanwhile, across documents, in one
// transaction: one sync for all of them.
type group struct {
	mu     sync.Mutex
	queue  []*appendReq
	active bool // a committer goroutine is running
	// txs counts the transactions committed, for tests and metrics.
	txs atomic.Int64
}

// appendReq is one document's updates waiting for the group commit.
type appendReq struct {
	docID   string
	updates [][]byte
	done    chan appendRes
}

type appendRes struct {
	last int64
	err  error
}

// maxGroup bounds the documents of one group commit.
const maxGroup = 256

// appendUpdates stores updates in a committed transaction (shared with
// other documents' updates handed over at the same time) and returns the
// sequence number of the last.
func (s *store) appendUpdates(ctx context.Context, docID string, updates [][]byte) (int64, error) {
	req := &appendReq{docID: docID, updates: updates, done: make(chan appendRes, 1)}
	s.group.mu.Lock()
	s.group.queue = append(s.group.queue, req)
	if !s.group.active {
		s.group.active = true
		go s.commitLoop()
	}
	s.group.mu.Unlock()
	select {
	case r := <-req.done:
		return r.last, r.err
	case <-ctx.Done():
		// The updates may still be committed; the caller treats this as a
		// failure and reloads from storage, which is safe either way.
		return 0, fmt.Errorf("collab: store updates of %q: %w", docID, ctx.Err())
	}
}

// commitLoop commits what is queued, a batch per transaction, until the
// queue is empty; the next writer starts another.
func (s *store) commitLoop() {
	ctx := context.Background()
	for {
		s.group.mu.Lock()
		n := min(len(s.group.queue), maxGroup)
		if n == 0 {
			s.group.active = false
			s.group.mu.Unlock()
			return
		}
		batch := s.group.queue[:n:n]
		s.group.queue = s.group.queue[n:]
		s.group.mu.Unlock()
		s.commit(ctx, batch)
	}
}

// commit stores a batch in one transaction and answers each writer. If the
// shared transaction fails, each document is committed on its own, so that
// one document's failure (deleted meanwhile, say) does not fail the others.
func (s *store) commit(ctx context.Context, batch []*appendReq) {
	if len(batch) == 1 {
		r := batch[0]
		last, err := s.appendOne(ctx, r.docID, r.updates)
		s.group.txs.Add(1)
		r.done <- appendRes{last, err}
		return
	}
	lasts := make([]int64, len(batch))
	st, err := s.statements(ctx)
	for try := 0; st.top != nil && try < 5; try++ {
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			now := db.Time(s.now())
			for i, r := range batch {
				var err error
				if lasts[i], err = s.insertUpdates(ctx, tx, st, r.docID, r.updates, now); err != nil {
					return err
				}
			}
			return nil
		})
		if !db.IsUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		for _, r := range batch {
			last, err := s.appendOne(ctx, r.docID, r.updates)
			s.group.txs.Add(1)
			r.done <- appendRes{last, err}
		}
		return
	}
	s.group.txs.Add(1)
	for i, r := range batch {
		r.done <- appendRes{last: lasts[i]}
	}
}
