// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Put gives p the role on item resourceID, replacing p's grant there if
// there is one (created is false then). It does not check who asks:
// the domain asks MayGrant first. Taking the owner role from the last
// owner is errs.Conflict. An unknown user or team is errs.NotFound.
func (s *Store) Put(ctx context.Context, tx *sql.Tx, t Tree, resourceID string, p Principal, role Role, grantedBy string) (g Grant, created bool, err error) {
	if !role.Valid() {
		return Grant{}, false, errs.Explain(errs.Invalid, "role: one of reader, commenter, editor, administrator, owner")
	}
	if (p.UserID == "") == (p.TeamID == "") {
		return Grant{}, false, fmt.Errorf("access: a grant is for a user or a team: %w", errs.Invalid)
	}
	if err := t.Lock(ctx, tx, resourceID); err != nil {
		return Grant{}, false, err
	}
	old, err := s.Find(ctx, tx, resourceID, p)
	switch {
	case err == nil:
		g, err := s.setRole(ctx, tx, t, old, role)
		return g, false, err
	case !errors.Is(err, errs.NotFound):
		return Grant{}, false, err
	}
	if err := s.principalExists(ctx, tx, p); err != nil {
		return Grant{}, false, err
	}
	var user, team any
	if p.UserID != "" {
		user = p.UserID
	} else {
		team = p.TeamID
	}
	id := ids.New()
	_, err = tx.ExecContext(ctx, `INSERT INTO access_grants (id, resource_kind, resource_id, user_id, team_id, role, granted_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, s.kind, resourceID, user, team, role, grantedBy, db.Time(s.now()))
	if db.IsUniqueViolation(err) {
		return Grant{}, false, fmt.Errorf("access: grant exists: %w", errs.Conflict)
	}
	if err != nil {
		return Grant{}, false, fmt.Errorf("access: grant: %w", err)
	}
	g, err = s.Get(ctx, tx, resourceID, id)
	return g, true, err
}

// principalExists returns errs.NotFound if p's user or team does not exist.
func (s *Store) principalExists(ctx context.Context, q Querier, p Principal) error {
	table, id := "users", p.UserID
	if p.TeamID != "" {
		table, id = "teams", p.TeamID
	}
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("access: %s %q: %w", table, id, errs.NotFound)
	}
	if err != nil {
		return fmt.Errorf("access: %s %q: %w", table, id, err)
	}
	return nil
}

// SetRole changes the role of grant grantID on item resourceID. Taking
// the owner role from the last owner is errs.Conflict.
func (s *Store) SetRole(ctx context.Context, tx *sql.Tx, t Tree, resourceID, grantID string, role Role) (Grant, error) {
	if !role.Valid() {
		return Grant{}, errs.Explain(errs.Invalid, "role: one of reader, commenter, editor, administrator, owner")
	}
	if err := t.Lock(ctx, tx, resourceID); err != nil {
		return Grant{}, err
	}
	old, err := s.Get(ctx, tx, resourceID, grantID)
	if err != nil {
		return Grant{}, err
	}
	return s.setRole(ctx, tx, t, old, role)
}

func (s *Store) setRole(ctx context.Context, tx *sql.Tx, t Tree, old Grant, role Role) (Grant, error) {
	if old.Role == Owner && role != Owner {
		if err := s.keepAnOwner(ctx, tx, t, old); err != nil {
			return Grant{}, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE access_grants SET role = $1 WHERE id = $2`, role, old.ID); err != nil {
		return Grant{}, fmt.Errorf("access: set role: %w", err)
	}
	old.Role = role
	return old, nil
}

// Remove deletes grant grantID on item resourceID and returns it. Removing
// the last owner is errs.Conflict.
func (s *Store) Remove(ctx context.Context, tx *sql.Tx, t Tree, resourceID, grantID string) (Grant, error) {
	if err := t.Lock(ctx, tx, resourceID); err != nil {
		return Grant{}, err
	}
	old, err := s.Get(ctx, tx, resourceID, grantID)
	if err != nil {
		return Grant{}, err
	}
	if old.Role == Owner {
		if err := s.keepAnOwner(ctx, tx, t, old); err != nil {
			return Grant{}, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM access_grants WHERE id = $1`, old.ID); err != nil {
		return Grant{}, fmt.Errorf("access: remove grant: %w", err)
	}
	return old, nil
}

// keepAnOwner refuses to take the owner role of grant g away if no other
// user holds it on the item or one of its ancestors: every item keeps a
// person who owns it. The caller holds the tree's lock.
func (s *Store) keepAnOwner(ctx context.Context, tx *sql.Tx, t Tree, g Grant) error {
	lineage, err := t.Lineage(ctx, tx, g.ResourceID)
	if err != nil {
		return err
	}
	args := []any{s.kind, Owner, g.ID}
	for _, n := range lineage {
		args = append(args, n.ID)
	}
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM access_grants WHERE resource_kind = $1 AND role = $2 AND id <> $3
		AND user_id IS NOT NULL AND resource_id IN (`+placeholders(4, len(lineage))+`)`, args...).Scan(&others); err != nil {
		return fmt.Errorf("access: count owners: %w", err)
	}
	if others == 0 {
		return errs.Explain(errs.Conflict, "this is the last owner; make someone else owner first")
	}
	return nil
}

// RemoveAll deletes every grant on the items resourceIDs (when they are
// deleted for good).
func (s *Store) RemoveAll(ctx context.Context, tx *sql.Tx, resourceIDs []string) error {
	for _, id := range resourceIDs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM access_grants WHERE resource_kind = $1 AND resource_id = $2`, s.kind, id); err != nil {
			return fmt.Errorf("access: remove grants of %q: %w", id, err)
		}
	}
	return nil
}
