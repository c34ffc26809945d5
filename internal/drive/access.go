// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// grantKind is the resource kind of Drive items in access_grants.
const grantKind = "file"

// Action is what a caller wants to do to an item: the actions of the
// shared permission model.
type Action = access.Action

// The actions Drive asks about.
const (
	// ActRead lists a folder, reads a file, its versions and properties.
	ActRead = access.Read
	// ActWrite uploads a new version, renames, sets properties.
	ActWrite = access.Edit
	// ActCreate adds an item to a folder.
	ActCreate = access.CreateChild
	// ActMove moves an item to another folder.
	ActMove = access.Move
	// ActCopy copies an item (into a folder where ActCreate holds).
	ActCopy = access.Duplicate
	// ActDelete moves to the trash.
	ActDelete = access.Trash
	// ActShare manages the accesses of an item.
	ActShare = access.Share
)

// facts gathers what the decision needs about item n for actor: the
// tree's owner owns every item in it; others hold what was granted to
// them or their teams on the item or a folder above it. Only the item
// put in the trash has trashed_at, so the lineage tells whether n is in
// the trash.
func (s *Service) facts(ctx context.Context, q querier, actor string, n Node) (access.Facts, error) {
	lineage, err := lineage(ctx, q, n.ID)
	if err != nil {
		return access.Facts{}, err
	}
	f := access.Facts{}
	ids := make([]string, len(lineage))
	for i, l := range lineage {
		ids[i] = l.ID
		f.Links = append(f.Links, l.Link)
		if l.Trashed {
			f.Trashed = true
			f.TrashRoot = f.TrashRoot || i == 0
		}
	}
	switch {
	case actor == "":
	case actor == n.OwnerID:
		f.Granted = access.Owner
	default:
		if f.Granted, err = s.grants.Granted(ctx, q, ids, actor); err != nil {
			return f, err
		}
	}
	return f, nil
}

// authorize is the one decision of this package: may actor do act to n?
// Every path (REST, WebDAV) reaches items through it, and it asks
// access.Decide. Who may not even read an item is told it does not exist.
func (s *Service) authorize(ctx context.Context, q querier, actor string, n Node, act Action) (access.Facts, error) {
	f, err := s.facts(ctx, q, actor, n)
	if err != nil {
		return f, err
	}
	subject := access.Subject{UserID: actor}
	if !access.Decide(subject, f, act) {
		if f.Trashed && act != access.Restore && act != access.Purge {
			return f, fmt.Errorf("drive: item %q is in the trash: %w", n.ID, errs.NotFound)
		}
		return f, access.Errorf(subject, f, act, "drive item "+n.ID)
	}
	return f, nil
}

// Role returns the role actor acts with on item id.
func (s *Service) Role(ctx context.Context, actor, id string) (access.Role, error) {
	n, err := s.Get(ctx, actor, id)
	if err != nil {
		return access.None, err
	}
	f, err := s.facts(ctx, s.db, actor, n)
	return access.Effective(access.Subject{UserID: actor}, f), err
}

// lineage returns item id and the folders above it, the item first.
func lineage(ctx context.Context, q querier, id string) ([]access.Node, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE up(id, parent_id, trashed_at, depth) AS (
		SELECT id, parent_id, trashed_at, 0 FROM drive_nodes WHERE id = $1
		UNION ALL
		SELECT n.id, n.parent_id, n.trashed_at, up.depth + 1 FROM drive_nodes n JOIN up ON n.id = up.parent_id
		WHERE up.depth < 1000)
		SELECT id, trashed_at IS NOT NULL FROM up ORDER BY depth`, id)
	if err != nil {
		return nil, fmt.Errorf("drive: lineage of %q: %w", id, err)
	}
	defer rows.Close()
	var out []access.Node
	for rows.Next() {
		var n access.Node
		if err := rows.Scan(&n.ID, &n.Trashed); err != nil {
			return nil, fmt.Errorf("drive: lineage of %q: %w", id, err)
		}
		// Drive has no link sharing yet: links give nothing.
		n.Link = access.Link{Reach: access.Restricted, Role: access.Reader}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("drive: item %q: %w", id, errs.NotFound)
	}
	return out, nil
}

// tree gives package access the lineages of Drive items.
type tree struct{ db *db.DB }

var _ access.Tree = tree{}

// Lineage returns item id and its ancestors, the item first.
func (t tree) Lineage(ctx context.Context, q access.Querier, id string) ([]access.Node, error) {
	return lineage(ctx, q, id)
}

// Lock makes changes to the grants of one user's tree take turns (SQLite
// has one writer anyway).
func (t tree) Lock(ctx context.Context, tx *sql.Tx, id string) error {
	if t.db.Dialect() != db.Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext('drive:' || (SELECT owner_id FROM drive_nodes WHERE id = $1)))`, id)
	if err != nil {
		return fmt.Errorf("drive: lock tree of %q: %w", id, err)
	}
	return nil
}
