// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
)

// store keeps each document as a snapshot (its whole state up to a
// sequence number) plus the log of updates after it, in plain SQL that
// runs on SQLite and PostgreSQL.
type store struct {
	db  *db.DB
	now func() time.Time
	group

	// The statements of every commit, prepared once (see statements).
	prepMu sync.Mutex
	stmts  commitStmts
}

const (
	// topQuery is the last sequence number of a document, in its log or
	// covered by its snapshot.
	topQuery = `SELECT COALESCE(MAX(s), 0) FROM (
		SELECT MAX(seq) AS s FROM collab_updates WHERE doc_id = $1
		UNION ALL SELECT upto_seq FROM collab_snapshots WHERE doc_id = $1) AS t`
	insertQuery = `INSERT INTO collab_updates (doc_id, seq, data, created_at) VALUES ($1, $2, $3, $4)`
)

// statements returns the commit's statements, prepared on first use: parsing
// them for every document of every commit was a tenth of the server's work
// under load. Call it before the transaction (preparing needs the writer
// connection, which a transaction holds); tx.StmtContext binds them to it.
// They live as long as the database (closing it closes them).
func (s *store) statements(ctx context.Context) (commitStmts, error) {
	s.prepMu.Lock()
	defer s.prepMu.Unlock()
	if s.stmts.top == nil {
		top, err := s.db.PrepareWrite(ctx, topQuery)
		if err != nil {
			return commitStmts{}, err
		}
		insert, err := s.db.PrepareWrite(ctx, insertQuery)
		if err != nil {
			top.Close()
			return commitStmts{}, err
		}
		s.stmts = commitStmts{top: top, insert: insert}
	}
	return s.stmts, nil
}

// commitStmts are the prepared statements of a commit.
type commitStmts struct{ top, insert *sql.Stmt }

// stored is what load read: the updates to apply, in order, and the last
// sequence number and snapshot it covers.
type stored struct {
	updates  [][]byte // the snapshot first (if any), then the log
	lastSeq  int64
	snapSeq  int64
	logCount int
}

// load reads a document's snapshot and the updates after it.
func (s *store) load(ctx context.Context, docID string) (stored, error) {
	return s.since(ctx, docID, 0)
}

// since reads what a replica that holds every update up to sequence number
// after is missing: the updates after it, or, if a compaction already
// merged some of them into the snapshot, the snapshot and the updates
// after the snapshot. A compaction between the reads would delete updates
// the first read did not cover, so since checks the snapshot did not move
// and otherwise retries.
func (s *store) since(ctx context.Context, docID string, after int64) (stored, error) {
	for range 5 {
		st, snapSeq, err := s.readSnapshot(ctx, docID)
		if err != nil {
			return stored{}, err
		}
		out := stored{lastSeq: max(after, snapSeq), snapSeq: snapSeq}
		if st != nil && snapSeq > after {
			out.updates = append(out.updates, st)
		}
		rows, err := s.db.QueryContext(ctx, `SELECT seq, data FROM collab_updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq`, docID, out.lastSeq)
		if err != nil {
			return stored{}, fmt.Errorf("collab: load %q: %w", docID, err)
		}
		for rows.Next() {
			var data []byte
			if err := rows.Scan(&out.lastSeq, &data); err != nil {
				rows.Close()
				return stored{}, fmt.Errorf("collab: load %q: %w", docID, err)
			}
			out.updates = append(out.updates, data)
			out.logCount++
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return stored{}, fmt.Errorf("collab: load %q: %w", docID, err)
		}
		_, again, err := s.readSnapshot(ctx, docID)
		if err != nil {
			return stored{}, err
		}
		if again == snapSeq {
			return out, nil
		}
	}
	return stored{}, fmt.Errorf("collab: load %q: compactions kept moving the snapshot", docID)
}

// top returns the last sequence number stored for a document (0 if none):
// one indexed read, cheap enough to ask now and then.
func (s *store) top(ctx context.Context, docID string) (int64, error) {
	var top int64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE((SELECT MAX(seq) FROM collab_updates WHERE doc_id = $1),
		(SELECT upto_seq FROM collab_snapshots WHERE doc_id = $1), 0)`, docID).Scan(&top)
	if err != nil {
		return 0, fmt.Errorf("collab: last update of %q: %w", docID, err)
	}
	return top, nil
}

func (s *store) readSnapshot(ctx context.Context, docID string) ([]byte, int64, error) {
	var state []byte
	var upto int64
	err := s.db.QueryRowContext(ctx, `SELECT state, upto_seq FROM collab_snapshots WHERE doc_id = $1`, docID).Scan(&state, &upto)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("collab: snapshot of %q: %w", docID, err)
	}
	return state, upto, nil
}

// appendOne stores one document's updates in a committed transaction of
// their own and returns the sequence number of the last (see commit).
func (s *store) appendOne(ctx context.Context, docID string, updates [][]byte) (int64, error) {
	st, err := s.statements(ctx)
	if err != nil {
		return 0, fmt.Errorf("collab: store %d updates of %q: %w", len(updates), docID, err)
	}
	var last int64
	for range 5 {
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			last, err = s.insertUpdates(ctx, tx, st, docID, updates, db.Time(s.now()))
			return err
		})
		if !db.IsUniqueViolation(err) {
			break
		}
	}
	if err != nil {
		return 0, fmt.Errorf("collab: store %d updates of %q: %w", len(updates), docID, err)
	}
	return last, nil
}

// insertUpdates appends updates to docID's log inside tx and returns the
// sequence number of the last. Sequence numbers follow the largest in the
// database, so several nodes can write the same document; a node that
// loses a race on a number gets a unique violation and retries.
func (s *store) insertUpdates(ctx context.Context, tx *sql.Tx, st commitStmts, docID string, updates [][]byte, now string) (int64, error) {
	top, insert := tx.StmtContext(ctx, st.top), tx.StmtContext(ctx, st.insert)
	var last int64
	if err := top.QueryRowContext(ctx, docID).Scan(&last); err != nil {
		return 0, err
	}
	for _, u := range updates {
		last++
		if _, err := insert.ExecContext(ctx, docID, last, u, now); err != nil {
			return 0, err
		}
	}
	return last, nil
}

// saveSnapshot records state as the document up to uptoSeq and deletes
// the updates it covers, unless a newer snapshot is already there.
func (s *store) saveSnapshot(ctx context.Context, docID string, state []byte, uptoSeq int64) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO collab_snapshots (doc_id, state, upto_seq) VALUES ($1, $2, $3)
			ON CONFLICT (doc_id) DO UPDATE SET state = excluded.state, upto_seq = excluded.upto_seq
			WHERE collab_snapshots.upto_seq < excluded.upto_seq`, docID, state, uptoSeq); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM collab_updates WHERE doc_id = $1 AND seq <= $2`, docID, uptoSeq)
		return err
	})
	if err != nil {
		return fmt.Errorf("collab: snapshot of %q: %w", docID, err)
	}
	return nil
}
