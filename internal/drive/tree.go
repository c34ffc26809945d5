// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

func newETag() string { return `"` + ids.New() + `"` }

// Root returns the user's root folder, creating it on first use.
func (s *Service) Root(ctx context.Context, userID string) (Node, error) {
	const q = `SELECT ` + nodeColumns + ` FROM drive_nodes WHERE owner_id = $1 AND parent_id IS NULL`
	n, err := scanNode(s.db.QueryRowContext(ctx, q, userID))
	if err == nil {
		return n, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("drive: root of %q: %w", userID, err)
	}
	now := db.Time(s.now())
	_, err = s.db.ExecContext(ctx, `INSERT INTO drive_nodes (id, owner_id, parent_id, name, name_key, is_dir, etag, created_at, modified_at)
		VALUES ($1, $2, NULL, '', '', TRUE, $3, $4, $4) ON CONFLICT DO NOTHING`, ids.New(), userID, newETag(), now)
	if err != nil {
		return n, fmt.Errorf("drive: create root of %q: %w", userID, err)
	}
	n, err = scanNode(s.db.QueryRowContext(ctx, q, userID))
	if err != nil {
		return n, fmt.Errorf("drive: root of %q: %w", userID, err)
	}
	return n, nil
}

// Get returns a live (not trashed) item that actor may read.
func (s *Service) Get(ctx context.Context, actor, id string) (Node, error) {
	return s.live(ctx, s.db, actor, id, ActRead)
}

// live reads an item that is not in the trash (nor below a trashed
// folder) and checks that actor may do act to it.
func (s *Service) live(ctx context.Context, q querier, actor, id string, act Action) (Node, error) {
	if !ids.Valid(id) {
		return Node{}, fmt.Errorf("drive: item %q: %w", id, errs.NotFound)
	}
	n, err := s.node(ctx, q, id)
	if err != nil {
		return n, err
	}
	f, err := s.authorize(ctx, q, actor, n, act)
	if err != nil {
		return n, err
	}
	if f.Trashed {
		return n, fmt.Errorf("drive: item %q is in the trash: %w", id, errs.NotFound)
	}
	return n, nil
}

// upQuery walks from $1 up to the root.
const upQuery = `WITH RECURSIVE up(id, parent_id, trashed_at) AS (
	SELECT id, parent_id, trashed_at FROM drive_nodes WHERE id = $1
	UNION
	SELECT n.id, n.parent_id, n.trashed_at FROM drive_nodes n JOIN up ON n.id = up.parent_id)`

// isWithin reports whether id is ancestor or id itself.
func (s *Service) isWithin(ctx context.Context, q querier, id, ancestor string) (bool, error) {
	var c int
	if err := q.QueryRowContext(ctx, upQuery+` SELECT count(*) FROM up WHERE id = $2`, id, ancestor).Scan(&c); err != nil {
		return false, fmt.Errorf("drive: ancestors of %q: %w", id, err)
	}
	return c > 0, nil
}

// Lookup resolves a slash-separated path in actor's own tree ("/" or ""
// is the root). Segments are matched by NameKey; "." and ".." are refused.
func (s *Service) Lookup(ctx context.Context, actor, path string) (Node, error) {
	n, err := s.Root(ctx, actor)
	if err != nil {
		return n, err
	}
	return s.LookupFrom(ctx, actor, n, path)
}

// LookupFrom resolves path below folder start (an item shared with actor,
// say) and checks that actor may read what it finds.
func (s *Service) LookupFrom(ctx context.Context, actor string, start Node, path string) (Node, error) {
	n := start
	for seg := range strings.SplitSeq(path, "/") {
		if seg == "" {
			continue
		}
		if seg == "." || seg == ".." {
			return Node{}, errs.Explain(errs.Invalid, "A path cannot contain . or .. segments.")
		}
		if !n.Dir {
			return Node{}, fmt.Errorf("drive: %q: %w", path, errs.NotFound)
		}
		var err error
		n, err = s.child(ctx, s.db, n.ID, seg)
		if err != nil {
			return n, fmt.Errorf("drive: %q: %w", path, err)
		}
	}
	if _, err := s.authorize(ctx, s.db, actor, n, ActRead); err != nil {
		return n, err
	}
	return n, nil
}

// HasShared reports whether anything is shared with actor (directly or
// through a team), cheaply.
func (s *Service) HasShared(ctx context.Context, actor string) (bool, error) {
	var c int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM access_grants WHERE resource_kind = $1
		AND (user_id = $2 OR team_id IN (SELECT team_id FROM team_members WHERE user_id = $2))`, grantKind, actor).Scan(&c)
	if err != nil {
		return false, fmt.Errorf("drive: shared with %q: %w", actor, err)
	}
	return c > 0, nil
}

// child returns the live child of parent named name (by NameKey).
func (s *Service) child(ctx context.Context, q querier, parentID, name string) (Node, error) {
	n, err := scanNode(q.QueryRowContext(ctx, `SELECT `+nodeColumns+` FROM drive_nodes
		WHERE parent_id = $1 AND name_key = $2 AND trashed_at IS NULL`, parentID, NameKey(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("drive: %q: %w", name, errs.NotFound)
	}
	return n, err
}

// Children lists the live items of folder id, folders first, then by name.
func (s *Service) Children(ctx context.Context, actor, id string) ([]Node, error) {
	dir, err := s.live(ctx, s.db, actor, id, ActRead)
	if err != nil {
		return nil, err
	}
	if !dir.Dir {
		return nil, errs.Explain(errs.Invalid, "This item is a file, not a folder.")
	}
	return s.children(ctx, s.db, id)
}

// children reads the live items of folder id in one query (PROPFIND takes
// their properties in one more, ChildProps). The index drive_nodes_list
// (migration 0018) holds them in this order, so that a folder of thousands
// of files is read without a sort, on SQLite and PostgreSQL alike.
func (s *Service) children(ctx context.Context, q querier, id string) ([]Node, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+nodeColumns+` FROM drive_nodes
		WHERE parent_id = $1 AND trashed_at IS NULL ORDER BY is_dir DESC, name_key, id`, id)
	if err != nil {
		return nil, fmt.Errorf("drive: children of %q: %w", id, err)
	}
	defer rows.Close()
	list := []Node{}
	for rows.Next() {
		n, err := scanNode(rows)
		if err != nil {
			return nil, fmt.Errorf("drive: children of %q: %w", id, err)
		}
		list = append(list, n)
	}
	return list, rows.Err()
}

// Mkdir creates folder name in folder parentID.
func (s *Service) Mkdir(ctx context.Context, actor, parentID, name string) (Node, error) {
	name, err := CleanName(name)
	if err != nil {
		return Node{}, err
	}
	var n Node
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		parent, err := s.writableDir(ctx, tx, actor, parentID)
		if err != nil {
			return err
		}
		now := s.now()
		n = Node{ID: ids.New(), OwnerID: parent.OwnerID, ParentID: parent.ID, Name: name, Dir: true,
			ETag: newETag(), Created: now, Modified: now}
		if err := insertNode(ctx, tx, n); err != nil {
			return err
		}
		return touch(ctx, tx, parent.ID, now)
	})
	return n, err
}

// writableDir returns the live folder id if actor may add to it.
func (s *Service) writableDir(ctx context.Context, q querier, actor, id string) (Node, error) {
	parent, err := s.live(ctx, q, actor, id, ActCreate)
	if err != nil {
		return parent, err
	}
	if !parent.Dir {
		return parent, errs.Explain(errs.Conflict, "The parent is a file, not a folder.")
	}
	return parent, nil
}

func insertNode(ctx context.Context, tx *sql.Tx, n Node) error {
	var blobID any
	if n.blobID != "" {
		blobID = n.blobID
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO drive_nodes (id, owner_id, parent_id, name, name_key, is_dir, size,
		blob_id, sha256, content_type, etag, created_at, modified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		n.ID, n.OwnerID, n.ParentID, n.Name, NameKey(n.Name), n.Dir, n.Size, blobID, n.SHA256,
		n.ContentType, n.ETag, db.Time(n.Created), db.Time(n.Modified))
	if db.IsUniqueViolation(err) {
		return errs.Explain(errs.Conflict, "An item named %q already exists in this folder.", n.Name)
	}
	if err != nil {
		return fmt.Errorf("drive: insert %q: %w", n.Name, err)
	}
	return nil
}

// touch marks folder id as changed: a new ETag and modification time, so
// that sync clients see that its listing changed.
func touch(ctx context.Context, tx *sql.Tx, id string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE drive_nodes SET etag = $2, modified_at = $3 WHERE id = $1`, id, newETag(), db.Time(now))
	if err != nil {
		return fmt.Errorf("drive: touch %q: %w", id, err)
	}
	return nil
}

// Move renames item id and/or moves it into folder newParentID (empty
// keeps either). Moving a folder into itself or below is refused; an item
// of the same name at the destination is a conflict.
func (s *Service) Move(ctx context.Context, actor, id, newParentID, newName string) (Node, error) {
	var n Node
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = s.live(ctx, tx, actor, id, ActWrite)
		if err != nil {
			return err
		}
		if n.Root() {
			return errs.Explain(errs.Invalid, "The root folder cannot be moved or renamed.")
		}
		oldParent := n.ParentID
		if newName != "" {
			if n.Name, err = CleanName(newName); err != nil {
				return err
			}
		}
		if newParentID != "" && newParentID != n.ParentID {
			if _, err := s.authorize(ctx, tx, actor, n, ActMove); err != nil {
				return err
			}
			parent, err := s.writableDir(ctx, tx, actor, newParentID)
			if err != nil {
				return err
			}
			inside, err := s.isWithin(ctx, tx, parent.ID, n.ID)
			if err != nil {
				return err
			}
			if inside {
				return errs.Explain(errs.Invalid, "A folder cannot be moved into itself.")
			}
			n.ParentID = parent.ID
		}
		_, err = tx.ExecContext(ctx, `UPDATE drive_nodes SET parent_id = $2, name = $3, name_key = $4 WHERE id = $1`,
			n.ID, n.ParentID, n.Name, NameKey(n.Name))
		if db.IsUniqueViolation(err) {
			return errs.Explain(errs.Conflict, "An item named %q already exists in that folder.", n.Name)
		}
		if err != nil {
			return fmt.Errorf("drive: move %q: %w", id, err)
		}
		now := s.now()
		if err := touch(ctx, tx, oldParent, now); err != nil {
			return err
		}
		if oldParent != n.ParentID {
			return touch(ctx, tx, n.ParentID, now)
		}
		return nil
	})
	return n, err
}
