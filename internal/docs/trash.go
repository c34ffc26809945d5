// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Trash puts docID and, with it, its sub-pages in the trash.
func (s *Service) Trash(ctx context.Context, actor identity.User, docID string) error {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Trash); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE docs SET deleted_at = $1 WHERE id = $2`, db.Time(s.now()), docID)
		return err
	})
	if err != nil {
		return fmt.Errorf("docs: trash %q: %w", docID, err)
	}
	s.record(ctx, actor, "doc.trash", docID, nil)
	s.accessChanged(ctx, docID)
	return nil
}

// Restore takes docID, the page that was put in the trash, out of it with
// its sub-pages. A page whose parent is in the trash too waits for it
// (errs.Conflict).
func (s *Service) Restore(ctx context.Context, actor identity.User, docID string) (Doc, error) {
	var d Doc
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, lineage, err := s.authorize(ctx, tx, docID, actor.ID, access.Restore)
		if err != nil {
			return err
		}
		for _, n := range lineage[1:] {
			if n.Trashed {
				return errs.Explain(errs.Conflict, "a page above this one is in the trash: restore it first")
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE docs SET deleted_at = NULL WHERE id = $1`, docID); err != nil {
			return err
		}
		d, err = s.load(ctx, tx, docID, actor.ID, access.Read)
		return err
	})
	if err != nil {
		return Doc{}, fmt.Errorf("docs: restore %q: %w", docID, err)
	}
	s.record(ctx, actor, "doc.restore", docID, nil)
	return d, nil
}

// Purge deletes docID, which must be in the trash, and its sub-pages for
// good: records, grants, content.
func (s *Service) Purge(ctx context.Context, actor identity.User, docID string) error {
	hooked, err := s.purge(ctx, docID, func(tx *sql.Tx) error {
		_, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Purge)
		return err
	})
	if err != nil {
		return err
	}
	s.record(ctx, actor, "doc.purge", docID, map[string]any{"pages": len(hooked)})
	for _, id := range hooked {
		if s.opts.OnAccessChange != nil {
			s.opts.OnAccessChange(ctx, id)
		}
	}
	return nil
}

// purge deletes docID and its sub-pages in one transaction, if check
// (run in it) lets it, and returns their IDs.
func (s *Service) purge(ctx context.Context, docID string, check func(tx *sql.Tx) error) ([]string, error) {
	var ids []string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := check(tx); err != nil {
			return err
		}
		var err error
		if ids, err = s.subtree(ctx, tx, docID); err != nil {
			return err
		}
		if err := s.grants.RemoveAll(ctx, tx, ids); err != nil {
			return err
		}
		for i := len(ids) - 1; i >= 0; i-- { // children first
			if _, err := tx.ExecContext(ctx, `DELETE FROM docs WHERE id = $1`, ids[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("docs: purge %q: %w", docID, err)
	}
	return ids, nil
}

// PurgeExpired deletes for good the pages put in the trash more than the
// configured number of days ago, with their sub-pages, and returns how
// many it deleted. The server's housekeeping calls it.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	cutoff := s.now().Add(-time.Duration(s.opts.TrashDays) * 24 * time.Hour)
	ids, err := s.column(ctx, `SELECT id FROM docs WHERE deleted_at IS NOT NULL AND deleted_at < $1 ORDER BY deleted_at LIMIT 1000`, db.Time(cutoff))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		hooked, err := s.purge(ctx, id, func(tx *sql.Tx) error {
			// Still in the trash since long enough (not restored meanwhile)?
			var one int
			return tx.QueryRowContext(ctx, `SELECT 1 FROM docs WHERE id = $1 AND deleted_at IS NOT NULL AND deleted_at < $2`, id, db.Time(cutoff)).Scan(&one)
		})
		if errors.Is(err, sql.ErrNoRows) {
			continue // restored, or purged with an ancestor already
		}
		if err != nil {
			return n, err
		}
		n++
		s.audit.Record(ctx, nil, audit.Event{Action: "doc.purge", Outcome: audit.Success, TargetType: "doc", TargetID: id,
			Details: map[string]any{"pages": len(hooked), "reason": "trash expired"}})
		for _, h := range hooked {
			if s.opts.OnAccessChange != nil {
				s.opts.OnAccessChange(ctx, h)
			}
		}
	}
	return n, nil
}
