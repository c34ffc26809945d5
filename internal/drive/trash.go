// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Trash moves item id (and everything below it) to the trash. It keeps
// counting in the quota until purged.
func (s *Service) Trash(ctx context.Context, actor, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		n, err := s.live(ctx, tx, actor, id, ActDelete)
		if err != nil {
			return err
		}
		if n.Root() {
			return errs.Explain(errs.Invalid, "The root folder cannot be deleted.")
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE drive_nodes SET trashed_at = $2, trashed_from = parent_id WHERE id = $1`,
			id, db.Time(now)); err != nil {
			return fmt.Errorf("drive: trash %q: %w", id, err)
		}
		return touch(ctx, tx, n.ParentID, now)
	})
}

// TrashList lists the items actor put in the trash, newest first.
func (s *Service) TrashList(ctx context.Context, actor string) ([]Node, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+nodeColumns+` FROM drive_nodes
		WHERE owner_id = $1 AND trashed_at IS NOT NULL ORDER BY trashed_at DESC, id`, actor)
	if err != nil {
		return nil, fmt.Errorf("drive: trash of %q: %w", actor, err)
	}
	defer rows.Close()
	list := []Node{}
	for rows.Next() {
		n, err := scanNode(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, n) // the owner's own items: the query keeps only those
	}
	return list, rows.Err()
}

// trashed reads an item put in the trash that actor may restore or purge
// (act).
func (s *Service) trashed(ctx context.Context, q querier, actor, id string, act Action) (Node, error) {
	n, err := s.node(ctx, q, id)
	if err != nil {
		return n, err
	}
	if n.TrashedAt == nil {
		return n, fmt.Errorf("drive: item %q is not in the trash: %w", id, errs.NotFound)
	}
	if _, err := s.authorize(ctx, q, actor, n, act); err != nil {
		return n, err
	}
	return n, nil
}

// Restore takes item id out of the trash, back into the folder it came
// from if that folder is still live, otherwise into the root. If the name
// is taken there, " (2)", " (3)"… is added before the extension.
func (s *Service) Restore(ctx context.Context, actor, id string) (Node, error) {
	var n Node
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = s.trashed(ctx, tx, actor, id, access.Restore); err != nil {
			return err
		}
		parent := n.trashedFrom
		if p, err := s.live(ctx, tx, actor, parent, ActWrite); err != nil || !p.Dir {
			root, err := s.Root(ctx, n.OwnerID)
			if err != nil {
				return err
			}
			parent = root.ID
		}
		base := n.Name
		for i := 1; i <= 100; i++ {
			name := base
			if i > 1 {
				name = numbered(base, i)
			}
			_, err := s.child(ctx, tx, parent, name)
			if errors.Is(err, errs.NotFound) {
				n.Name, n.ParentID, n.TrashedAt = name, parent, nil
				break
			}
			if err != nil {
				return err
			}
		}
		if n.TrashedAt != nil {
			return errs.Explain(errs.Conflict, "No free name to restore %q under.", base)
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE drive_nodes SET trashed_at = NULL, trashed_from = NULL, parent_id = $2,
			name = $3, name_key = $4 WHERE id = $1`, id, n.ParentID, n.Name, NameKey(n.Name)); err != nil {
			return fmt.Errorf("drive: restore %q: %w", id, err)
		}
		return touch(ctx, tx, parent, now)
	})
	return n, err
}

// numbered returns "name (i).ext".
func numbered(name string, i int) string {
	ext := ""
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		name, ext = name[:dot], name[dot:]
	}
	return fmt.Sprintf("%s (%d)%s", name, i, ext)
}

// Purge deletes trashed item id and everything below it for good. Blobs
// shared with other versions or copies stay.
func (s *Service) Purge(ctx context.Context, actor, id string) error {
	var drop []string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.trashed(ctx, tx, actor, id, access.Purge); err != nil {
			return err
		}
		var err error
		drop, err = purgeTree(ctx, tx, id)
		return err
	})
	if err != nil {
		return err
	}
	s.deleteBlobs(context.WithoutCancel(ctx), drop)
	return nil
}

// purgeTree deletes node id and its descendants with their versions and
// returns the blobs no longer referenced.
func purgeTree(ctx context.Context, tx *sql.Tx, id string) ([]string, error) {
	var owner string
	err := tx.QueryRowContext(ctx, `SELECT owner_id FROM drive_nodes WHERE id = $1`, id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // purged already, with a trashed folder above it
	}
	if err != nil {
		return nil, fmt.Errorf("drive: purge %q: %w", id, err)
	}
	if _, err := lockUsage(ctx, tx, owner); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE down(id) AS (
		SELECT id FROM drive_nodes WHERE id = $1
		UNION SELECT n.id FROM drive_nodes n JOIN down ON n.parent_id = down.id)
		SELECT v.blob_id FROM drive_versions v JOIN down ON v.node_id = down.id`, id)
	if err != nil {
		return nil, fmt.Errorf("drive: purge %q: %w", id, err)
	}
	var blobs []string
	for rows.Next() {
		var b string
		if err := rows.Scan(&b); err != nil {
			rows.Close()
			return nil, err
		}
		blobs = append(blobs, b)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Grants go, then rows (the cascade takes descendants, versions and
	// properties), then the references they held.
	if _, err := tx.ExecContext(ctx, `WITH RECURSIVE down(id) AS (
		SELECT id FROM drive_nodes WHERE id = $1
		UNION SELECT n.id FROM drive_nodes n JOIN down ON n.parent_id = down.id)
		DELETE FROM access_grants WHERE resource_kind = $2 AND resource_id IN (SELECT id FROM down)`, id, grantKind); err != nil {
		return nil, fmt.Errorf("drive: purge grants of %q: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM drive_nodes WHERE id = $1`, id); err != nil {
		return nil, fmt.Errorf("drive: purge %q: %w", id, err)
	}
	var drop []string
	for _, b := range blobs {
		gone, err := unref(ctx, tx, b)
		if err != nil {
			return nil, err
		}
		if gone {
			drop = append(drop, b)
		}
	}
	return drop, nil
}

// PurgeExpired purges every item trashed longer ago than the retention
// period, and reports how many. It also drops resumable uploads that
// expired unfinished.
func (s *Service) PurgeExpired(ctx context.Context) (int, error) {
	if err := s.purgeExpiredUploads(ctx); err != nil {
		return 0, err
	}
	cutoff := db.Time(s.now().Add(-s.opts.TrashRetention))
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM drive_nodes WHERE trashed_at IS NOT NULL AND trashed_at < $1 LIMIT 1000`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("drive: expired trash: %w", err)
	}
	var list []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for i, id := range list {
		var drop []string
		err := s.db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			drop, err = purgeTree(ctx, tx, id)
			return err
		})
		if err != nil {
			return i, err
		}
		s.deleteBlobs(ctx, drop)
	}
	return len(list), nil
}
