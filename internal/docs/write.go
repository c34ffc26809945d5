// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Create makes a top-level document owned by ownerID.
func (s *Service) Create(ctx context.Context, ownerID, title string) (Doc, error) {
	return s.CreateUnder(ctx, ownerID, "", title)
}

// CreateUnder makes a document owned by ownerID, as the last sub-page of
// parentID if it is not empty (which needs the create_child action there).
func (s *Service) CreateUnder(ctx context.Context, ownerID, parentID, title string) (Doc, error) {
	title, err := checkTitle(title)
	if err != nil {
		return Doc{}, err
	}
	id := ids.New()
	var d Doc
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if parentID != "" {
			if _, _, err := s.authorize(ctx, tx, parentID, ownerID, access.CreateChild); err != nil {
				return err
			}
		}
		if err := s.insert(ctx, tx, id, ownerID, parentID, title, access.Link{Reach: access.Restricted, Role: access.Reader}); err != nil {
			return err
		}
		var err error
		d, err = s.load(ctx, tx, id, ownerID, access.Read)
		return err
	})
	if err != nil {
		return Doc{}, fmt.Errorf("docs: create: %w", err)
	}
	s.changed(ctx, d.ID, false)
	return d, nil
}

// insert adds a document at the end of its siblings, owned by ownerID
// (who gets an owner grant).
func (s *Service) insert(ctx context.Context, tx *sql.Tx, id, ownerID, parentID, title string, link access.Link) error {
	now := db.Time(s.now().UTC().Truncate(time.Microsecond))
	var parent any
	if parentID != "" {
		parent = parentID
	}
	var pos int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position) + 1, 0) FROM docs WHERE parent_id IS NOT DISTINCT FROM $1`, parent).Scan(&pos); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO docs (id, title, owner_id, created_at, updated_at, parent_id, position, link_reach, link_role)
		VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)`, id, title, ownerID, now, parent, pos, link.Reach, link.Role); err != nil {
		return err
	}
	_, _, err := s.grants.Put(ctx, tx, tree{}, id, access.Principal{UserID: ownerID}, access.Owner, ownerID)
	return err
}

// Patch is a change to a document's title or link settings; nil fields
// stay as they are.
type Patch struct {
	Title     *string `json:"title"`
	LinkReach *string `json:"link_reach"`
	LinkRole  *string `json:"link_role"`
}

// Update applies p for actor: the title needs edit, the link settings
// share.
func (s *Service) Update(ctx context.Context, actor identity.User, docID string, p Patch) (Doc, error) {
	var d Doc
	linkChanged := false
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if p.Title != nil {
			title, err := checkTitle(*p.Title)
			if err != nil {
				return err
			}
			if _, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Edit); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE docs SET title = $1 WHERE id = $2`, title, docID); err != nil {
				return err
			}
		}
		if p.LinkReach != nil || p.LinkRole != nil {
			if _, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Share); err != nil {
				return err
			}
			cur, err := row(ctx, tx, docID)
			if err != nil {
				return err
			}
			reach, role := cur.LinkReach, cur.LinkRole
			if p.LinkReach != nil {
				if reach, err = access.ParseReach(*p.LinkReach); err != nil {
					return err
				}
			}
			if p.LinkRole != nil {
				if role, err = access.ParseLinkRole(*p.LinkRole); err != nil {
					return err
				}
			}
			if reach != cur.LinkReach || role != cur.LinkRole {
				linkChanged = true
				if _, err := tx.ExecContext(ctx, `UPDATE docs SET link_reach = $1, link_role = $2 WHERE id = $3`, reach, role, docID); err != nil {
					return err
				}
			}
		}
		if p.Title != nil || linkChanged {
			if err := s.touch(ctx, tx, docID); err != nil {
				return err
			}
		}
		var err error
		d, err = s.load(ctx, tx, docID, actor.ID, access.Read)
		return err
	})
	if err != nil {
		return Doc{}, fmt.Errorf("docs: update %q: %w", docID, err)
	}
	if p.Title != nil {
		s.changed(ctx, docID, false)
	}
	if linkChanged {
		s.record(ctx, actor, "doc.link_change", docID, map[string]any{"link_reach": d.LinkReach, "link_role": d.LinkRole})
		s.accessChanged(ctx, docID)
	}
	return d, nil
}

// SetFavorite marks or unmarks docID as one of userID's favourites.
// Unmarking needs no access (the document may be gone from their view).
func (s *Service) SetFavorite(ctx context.Context, docID, userID string, on bool) error {
	if !on {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM doc_favorites WHERE user_id = $1 AND doc_id = $2`, userID, docID); err != nil {
			return fmt.Errorf("docs: unfavourite: %w", err)
		}
		return nil
	}
	if _, _, err := s.authorize(ctx, s.db, docID, userID, access.Favorite); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO doc_favorites (doc_id, user_id, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, doc_id) DO NOTHING`, docID, userID, db.Time(s.now()))
	if err != nil {
		return fmt.Errorf("docs: favourite: %w", err)
	}
	return nil
}

// Grant gives userID the role on docID, replacing any direct role they
// had. It does not check who asks: sharing (AddAccess) checks first;
// tests and the collab engine's tests call it directly.
func (s *Service) Grant(ctx context.Context, docID, userID string, role Role) error {
	if !role.Valid() {
		return fmt.Errorf("docs: grant: %w", errInvalidRole)
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		_, _, err := s.grants.Put(ctx, tx, tree{}, docID, access.Principal{UserID: userID}, role, "")
		return err
	})
	if err != nil {
		return fmt.Errorf("docs: grant on %q: %w", docID, err)
	}
	s.accessChanged(ctx, docID)
	return nil
}
