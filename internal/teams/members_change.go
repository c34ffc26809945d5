// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// member reads one membership with the member's email and name.
func member(ctx context.Context, q querier, teamID, userID string) (Member, error) {
	var m Member
	var added string
	err := q.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, m.role, m.added_at FROM team_members m JOIN users u ON u.id = m.user_id
		WHERE m.team_id = $1 AND m.user_id = $2`, teamID, userID).Scan(&m.UserID, &m.Email, &m.Name, &m.Role, &added)
	if errors.Is(err, sql.ErrNoRows) {
		return Member{}, fmt.Errorf("teams: %q is not in team %q: %w", userID, teamID, errs.NotFound)
	}
	if err != nil {
		return Member{}, fmt.Errorf("teams: member of %q: %w", teamID, err)
	}
	m.AddedAt, _ = db.ParseTime(added)
	return m, nil
}

// AddMember adds the account userID to a team with role. Someone already
// in the team is errs.Conflict (change their role instead).
func (s *Service) AddMember(ctx context.Context, actor identity.User, teamID, userID string, role Role) (Member, error) {
	if role.rank() == 0 {
		return Member{}, fmt.Errorf("teams: role %q: %w", role, errs.Invalid)
	}
	var m Member
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		actorRole, err := s.lockAndRole(ctx, tx, teamID, actor)
		if err != nil {
			return err
		}
		if err := authorize(teamID, actorRole, changeAction("", role)); err != nil {
			return err
		}
		if err := insertMember(ctx, tx, teamID, userID, role, s.now()); err != nil {
			return err
		}
		m, err = member(ctx, tx, teamID, userID)
		return err
	})
	return m, err
}

// insertMember adds a membership; someone already in the team is
// errs.Conflict, an unknown account errs.NotFound.
func insertMember(ctx context.Context, tx *sql.Tx, teamID, userID string, role Role, now time.Time) error {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("teams: user %q: %w", userID, errs.NotFound)
	}
	if err != nil {
		return fmt.Errorf("teams: add member: %w", err)
	}
	if _, err := memberRole(ctx, tx, teamID, userID); err == nil {
		return fmt.Errorf("teams: %q is already in team %q: %w", userID, teamID, errs.Conflict)
	} else if !errors.Is(err, errs.NotFound) {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)`, teamID, userID, role, db.Time(now))
	if db.IsUniqueViolation(err) {
		return fmt.Errorf("teams: %q is already in team %q: %w", userID, teamID, errs.Conflict)
	}
	if err != nil {
		return fmt.Errorf("teams: add member: %w", err)
	}
	return nil
}

// SetRole changes a member's role. Administrators move people between
// member and administrator; only owners grant or take away ownership; the
// last owner keeps it (errs.Conflict).
func (s *Service) SetRole(ctx context.Context, actor identity.User, teamID, userID string, role Role) (Member, error) {
	if role.rank() == 0 {
		return Member{}, fmt.Errorf("teams: role %q: %w", role, errs.Invalid)
	}
	var m Member
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		actorRole, err := s.lockAndRole(ctx, tx, teamID, actor)
		if err != nil {
			return err
		}
		if err := authorize(teamID, actorRole, actView); err != nil {
			return err // outsiders learn nothing about who is in it
		}
		from, err := memberRole(ctx, tx, teamID, userID)
		if err != nil {
			return err
		}
		if err := authorize(teamID, actorRole, changeAction(from, role)); err != nil {
			return err
		}
		if err := keepAnOwner(ctx, tx, teamID, from, role); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE team_members SET role = $1 WHERE team_id = $2 AND user_id = $3`, role, teamID, userID); err != nil {
			return fmt.Errorf("teams: set role: %w", err)
		}
		m, err = member(ctx, tx, teamID, userID)
		return err
	})
	return m, err
}

// RemoveMember takes userID out of a team; actor removing themselves is
// leaving, which every member may do, except the last owner.
func (s *Service) RemoveMember(ctx context.Context, actor identity.User, teamID, userID string) (Role, error) {
	var from Role
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		actorRole, err := s.lockAndRole(ctx, tx, teamID, actor)
		if err != nil {
			return err
		}
		if err := authorize(teamID, actorRole, actView); err != nil {
			return err
		}
		if from, err = memberRole(ctx, tx, teamID, userID); err != nil {
			return err
		}
		act := changeAction(from, "")
		if userID == actor.ID {
			act = actLeave
		}
		if err := authorize(teamID, actorRole, act); err != nil {
			return err
		}
		if err := keepAnOwner(ctx, tx, teamID, from, ""); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM team_members WHERE team_id = $1 AND user_id = $2`, teamID, userID)
		return err
	})
	return from, err
}
