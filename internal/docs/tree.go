// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Move puts docID under parentID (empty: at the top level) at position
// among its new siblings (clamped; negative: last). It needs move on the
// document and create_child on the new parent. A page cannot go under
// itself or one of its sub-pages (errs.Invalid). A page that only had
// owners through its old ancestors gets them as its own grants, so that it
// keeps an owner.
func (s *Service) Move(ctx context.Context, actor identity.User, docID, parentID string, position int) (Doc, error) {
	var d Doc
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, lineage, err := s.authorize(ctx, tx, docID, actor.ID, access.Move)
		if err != nil {
			return err
		}
		if err := (tree{}).Lock(ctx, tx, docID); err != nil {
			return err
		}
		var parent any
		if parentID != "" {
			_, newLineage, err := s.authorize(ctx, tx, parentID, actor.ID, access.CreateChild)
			if err != nil {
				return err
			}
			if slices.ContainsFunc(newLineage, func(n access.Node) bool { return n.ID == docID }) {
				return errs.Explain(errs.Invalid, "parent_id: a page cannot go under itself or one of its sub-pages")
			}
			if err := (tree{}).Lock(ctx, tx, parentID); err != nil {
				return err
			}
			parent = parentID
		}
		if err := s.keepOwners(ctx, tx, docID, lineage); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE docs SET parent_id = $1 WHERE id = $2`, parent, docID); err != nil {
			return err
		}
		if err := s.reorder(ctx, tx, parent, docID, position); err != nil {
			return err
		}
		d, err = s.load(ctx, tx, docID, actor.ID, access.Read)
		return err
	})
	if err != nil {
		return Doc{}, fmt.Errorf("docs: move %q: %w", docID, err)
	}
	s.accessChanged(ctx, docID)
	return d, nil
}

// keepOwners gives docID, before it leaves its ancestors, the user owner
// grants it inherited if it has no owner of its own.
func (s *Service) keepOwners(ctx context.Context, tx *sql.Tx, docID string, lineage []access.Node) error {
	grants, err := s.grants.List(ctx, tx, []string{docID})
	if err != nil {
		return err
	}
	for _, g := range grants {
		if g.Role == access.Owner && g.UserID != "" {
			return nil
		}
	}
	ancestors := make([]string, 0, len(lineage))
	for _, n := range lineage[1:] {
		ancestors = append(ancestors, n.ID)
	}
	inherited, err := s.grants.List(ctx, tx, ancestors)
	if err != nil {
		return err
	}
	for _, g := range inherited {
		if g.Role == access.Owner && g.UserID != "" {
			if _, _, err := s.grants.Put(ctx, tx, tree{}, docID, access.Principal{UserID: g.UserID}, access.Owner, g.GrantedBy); err != nil {
				return err
			}
		}
	}
	return nil
}

// reorder puts docID at position among the children of parent (nil: the
// top level) and numbers them again from 0.
func (s *Service) reorder(ctx context.Context, tx *sql.Tx, parent any, docID string, position int) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM docs WHERE parent_id IS NOT DISTINCT FROM $1 AND id <> $2 ORDER BY position, id`, parent, docID)
	if err != nil {
		return err
	}
	var siblings []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		siblings = append(siblings, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if parent == nil {
		// At the top level only the position among one's own pages matters:
		// keep the others' numbers and put this one where asked.
		_, err := tx.ExecContext(ctx, `UPDATE docs SET position = $1 WHERE id = $2`, max(position, 0), docID)
		return err
	}
	if position < 0 || position > len(siblings) {
		position = len(siblings)
	}
	order := slices.Insert(siblings, position, docID)
	for i, id := range order {
		if _, err := tx.ExecContext(ctx, `UPDATE docs SET position = $1 WHERE id = $2`, i, id); err != nil {
			return err
		}
	}
	return nil
}

// Duplicate copies docID for actor, who owns the copy, next to the
// original (or at the top level if they may not add pages there), with its
// content and, if withChildren, its sub-pages (not those in the trash).
// Grants and links are not copied: the copy starts restricted.
func (s *Service) Duplicate(ctx context.Context, actor identity.User, docID string, withChildren bool) (Doc, error) {
	var d Doc
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Duplicate); err != nil {
			return err
		}
		src, err := row(ctx, tx, docID)
		if err != nil {
			return err
		}
		parent := ""
		if src.ParentID != nil {
			if _, _, err := s.authorize(ctx, tx, *src.ParentID, actor.ID, access.CreateChild); err == nil {
				parent = *src.ParentID
			}
		}
		newID, err := s.copyTree(ctx, tx, actor.ID, docID, parent, src.Title+" (copy)", withChildren)
		if err != nil {
			return err
		}
		d, err = s.load(ctx, tx, newID, actor.ID, access.Read)
		return err
	})
	if err != nil {
		return Doc{}, fmt.Errorf("docs: duplicate %q: %w", docID, err)
	}
	s.changed(ctx, d.ID, withChildren)
	return d, nil
}

// copyTree copies srcID (record and collaboration content) under parentID
// and, if deep, its live sub-pages in order; it returns the copy's ID.
func (s *Service) copyTree(ctx context.Context, tx *sql.Tx, ownerID, srcID, parentID, title string, deep bool) (string, error) {
	id := ids.New()
	restricted := access.Link{Reach: access.Restricted, Role: access.Reader}
	if err := s.insert(ctx, tx, id, ownerID, parentID, title, restricted); err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO collab_snapshots (doc_id, state, upto_seq) SELECT $1, state, upto_seq FROM collab_snapshots WHERE doc_id = $2`, id, srcID); err != nil {
		return "", fmt.Errorf("docs: copy snapshot: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO collab_updates (doc_id, seq, data, created_at) SELECT $1, seq, data, created_at FROM collab_updates WHERE doc_id = $2`, id, srcID); err != nil {
		return "", fmt.Errorf("docs: copy updates: %w", err)
	}
	if !deep {
		return id, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title FROM docs WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY position, id`, srcID)
	if err != nil {
		return "", err
	}
	type child struct{ id, title string }
	var children []child
	for rows.Next() {
		var c child
		if err := rows.Scan(&c.id, &c.title); err != nil {
			rows.Close()
			return "", err
		}
		children = append(children, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	for _, c := range children {
		if _, err := s.copyTree(ctx, tx, ownerID, c.id, id, c.title, true); err != nil {
			return "", err
		}
	}
	return id, nil
}
