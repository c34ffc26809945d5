// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

var errInvalidRole = errs.Explain(errs.Invalid, "role: one of reader, commenter, editor, administrator, owner")

// UserRef names a user in an access.
type UserRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// TeamRef names a team in an access.
type TeamRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Access is a role on a document, or on one of its ancestors (inherited),
// given to a user or a team.
type Access struct {
	ID            string   `json:"id"`
	Role          Role     `json:"role"`
	User          *UserRef `json:"user"`
	Team          *TeamRef `json:"team"`
	InheritedFrom *string  `json:"inherited_from"`
}

func accessOf(docID string, g access.Grant) Access {
	a := Access{ID: g.ID, Role: g.Role}
	if g.UserID != "" {
		a.User = &UserRef{ID: g.UserID, Name: g.UserName, Email: g.UserEmail}
	} else {
		a.Team = &TeamRef{ID: g.TeamID, Name: g.TeamName}
	}
	if g.ResourceID != docID {
		from := g.ResourceID
		a.InheritedFrom = &from
	}
	return a
}

// Accesses lists the grants on docID and those it inherits, for someone
// who may read it through a grant (not only through the link).
func (s *Service) Accesses(ctx context.Context, actor identity.User, docID string) ([]Access, error) {
	f, lineage, err := s.authorize(ctx, s.db, docID, actor.ID, access.Read)
	if err != nil {
		return nil, err
	}
	if access.LinkOnly(access.Subject{UserID: actor.ID}, f) && !f.Granted.Valid() {
		// Who else has access is for those it was shared with, not for
		// anyone who has the link.
		return nil, fmt.Errorf("docs: accesses of %q: shared by link only: %w", docID, errs.Forbidden)
	}
	ids := make([]string, len(lineage))
	for i, n := range lineage {
		ids[i] = n.ID
	}
	grants, err := s.grants.List(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	out := make([]Access, len(grants))
	for i, g := range grants {
		out[i] = accessOf(docID, g)
	}
	return out, nil
}

// grantChecked gives p the role on docID in tx after checking that actor
// may make that change (from p's current direct role there).
func (s *Service) grantChecked(ctx context.Context, tx *sql.Tx, actor identity.User, docID string, p access.Principal, role Role) (access.Grant, bool, error) {
	f, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Share)
	if err != nil {
		return access.Grant{}, false, err
	}
	from := access.None
	if old, err := s.grants.Find(ctx, tx, docID, p); err == nil {
		from = old.Role
	} else if !errors.Is(err, errs.NotFound) {
		return access.Grant{}, false, err
	}
	sub := access.Subject{UserID: actor.ID}
	if !access.MayGrant(sub, f, from, role) {
		return access.Grant{}, false, fmt.Errorf("docs: only owners grant or take away ownership: %w", errs.Forbidden)
	}
	return s.grants.Put(ctx, tx, tree{}, docID, p, role, actor.ID)
}

// AddTeamAccess gives a team the role on docID. The actor must be in the
// team (or a site administrator): other teams do not exist for them.
func (s *Service) AddTeamAccess(ctx context.Context, actor identity.User, docID, teamID string, role Role) (Access, bool, error) {
	if !role.Valid() {
		return Access{}, false, errInvalidRole
	}
	var a Access
	var created bool
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Share); err != nil {
			return err
		}
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM teams t WHERE t.id = $1 AND ($2 OR EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = t.id AND m.user_id = $3))`,
			teamID, actor.Admin, actor.ID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Explain(errs.NotFound, "team_id: no such team among yours")
		}
		if err != nil {
			return err
		}
		g, c, err := s.grantChecked(ctx, tx, actor, docID, access.Principal{TeamID: teamID}, role)
		a, created = accessOf(docID, g), c
		return err
	})
	if err != nil {
		return Access{}, false, fmt.Errorf("docs: share %q: %w", docID, err)
	}
	s.record(ctx, actor, "doc.access_grant", docID, map[string]any{"team_id": teamID, "role": role})
	s.accessChanged(ctx, docID)
	return a, created, nil
}

// AddUserAccess gives the account userID the role on docID.
func (s *Service) AddUserAccess(ctx context.Context, actor identity.User, docID, userID string, role Role) (Access, bool, error) {
	if !role.Valid() {
		return Access{}, false, errInvalidRole
	}
	var a Access
	var created bool
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		g, c, err := s.grantChecked(ctx, tx, actor, docID, access.Principal{UserID: userID}, role)
		a, created = accessOf(docID, g), c
		return err
	})
	if err != nil {
		return Access{}, false, fmt.Errorf("docs: share %q: %w", docID, err)
	}
	s.record(ctx, actor, "doc.access_grant", docID, map[string]any{"user_id": userID, "role": role})
	s.accessChanged(ctx, docID)
	return a, created, nil
}

// SetAccessRole changes the role of the access accessID (a grant on docID
// itself, not an inherited one).
func (s *Service) SetAccessRole(ctx context.Context, actor identity.User, docID, accessID string, role Role) (Access, error) {
	if !role.Valid() {
		return Access{}, errInvalidRole
	}
	var a Access
	var from Role
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Share)
		if err != nil {
			return err
		}
		old, err := s.grants.Get(ctx, tx, docID, accessID)
		if err != nil {
			return err
		}
		from = old.Role
		if !access.MayGrant(access.Subject{UserID: actor.ID}, f, old.Role, role) {
			return fmt.Errorf("docs: only owners grant or take away ownership: %w", errs.Forbidden)
		}
		g, err := s.grants.SetRole(ctx, tx, tree{}, docID, accessID, role)
		a = accessOf(docID, g)
		return err
	})
	if err != nil {
		return Access{}, fmt.Errorf("docs: change access on %q: %w", docID, err)
	}
	s.record(ctx, actor, "doc.access_change", docID, map[string]any{"access_id": accessID, "from": from, "role": role})
	s.accessChanged(ctx, docID)
	return a, nil
}

// RemoveAccess deletes the access accessID on docID. Anyone may remove
// their own access (leave); others need share (and ownership for an
// owner's). The last owner stays (errs.Conflict).
func (s *Service) RemoveAccess(ctx context.Context, actor identity.User, docID, accessID string) error {
	var old access.Grant
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		f, _, err := s.authorize(ctx, tx, docID, actor.ID, access.Read)
		if err != nil {
			return err
		}
		if old, err = s.grants.Get(ctx, tx, docID, accessID); err != nil {
			return err
		}
		if old.UserID != actor.ID {
			sub := access.Subject{UserID: actor.ID}
			if !access.Decide(sub, f, access.Share) {
				return access.Errorf(sub, f, access.Share, "document "+docID)
			}
			if !access.MayGrant(sub, f, old.Role, access.None) {
				return fmt.Errorf("docs: only owners take away ownership: %w", errs.Forbidden)
			}
		}
		_, err = s.grants.Remove(ctx, tx, tree{}, docID, accessID)
		return err
	})
	if err != nil {
		return fmt.Errorf("docs: remove access on %q: %w", docID, err)
	}
	s.record(ctx, actor, "doc.access_remove", docID, map[string]any{"access_id": accessID, "user_id": old.UserID, "team_id": old.TeamID, "role": old.Role})
	s.accessChanged(ctx, docID)
	return nil
}
