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
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// CreateTeam creates a team whose owner is actor.
func (s *Service) CreateTeam(ctx context.Context, actor identity.User, name, description string) (Team, error) {
	name, err := checkName(name)
	if err != nil {
		return Team{}, err
	}
	if description, err = checkDescription(description); err != nil {
		return Team{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	t := Team{ID: ids.New(), Name: name, Description: description, CreatedBy: actor.ID, CreatedAt: now, UpdatedAt: now, Role: RoleOwner, Members: 1}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO teams (id, name, description, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			t.ID, name, description, actor.ID, db.Time(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO team_members (team_id, user_id, role, added_at) VALUES ($1, $2, $3, $4)`, t.ID, actor.ID, RoleOwner, db.Time(now))
		return err
	})
	if err != nil {
		return Team{}, fmt.Errorf("teams: create: %w", err)
	}
	return t, nil
}

const teamColumns = `t.id, t.name, t.description, t.created_by, t.created_at, t.updated_at`

func scanTeam(r interface{ Scan(...any) error }, extra ...any) (Team, error) {
	var t Team
	var created, updated string
	if err := r.Scan(append([]any{&t.ID, &t.Name, &t.Description, &t.CreatedBy, &created, &updated}, extra...)...); err != nil {
		return Team{}, err
	}
	t.CreatedAt, _ = db.ParseTime(created)
	t.UpdatedAt, _ = db.ParseTime(updated)
	return t, nil
}

// TeamByID returns a team, without asking who wants it: for modules that
// already decided their caller may see it.
func (s *Service) TeamByID(ctx context.Context, id string) (Team, error) {
	return teamByID(ctx, s.db, id)
}

func teamByID(ctx context.Context, q querier, id string) (Team, error) {
	t, err := scanTeam(q.QueryRowContext(ctx, `SELECT `+teamColumns+` FROM teams t WHERE t.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Team{}, fmt.Errorf("teams: team %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return Team{}, fmt.Errorf("teams: team %q: %w", id, err)
	}
	return t, nil
}

// Team returns a team as actor may see it, with actor's role.
func (s *Service) Team(ctx context.Context, actor identity.User, id string) (Team, error) {
	role, err := s.roleOf(ctx, s.db, id, actor)
	if err != nil {
		return Team{}, err
	}
	if err := authorize(id, role, actView); err != nil {
		return Team{}, err
	}
	t, err := s.TeamByID(ctx, id)
	t.Role = role
	return t, err
}

// TeamPatch holds the fields of a team to change; nil leaves one as is.
type TeamPatch struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
}

// UpdateTeam changes a team's name or description.
func (s *Service) UpdateTeam(ctx context.Context, actor identity.User, id string, p TeamPatch) (Team, error) {
	var t Team
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		role, err := s.lockAndRole(ctx, tx, id, actor)
		if err != nil {
			return err
		}
		if err := authorize(id, role, actEdit); err != nil {
			return err
		}
		if t, err = teamByID(ctx, tx, id); err != nil {
			return err
		}
		if p.Name != nil {
			if t.Name, err = checkName(*p.Name); err != nil {
				return err
			}
		}
		if p.Description != nil {
			if t.Description, err = checkDescription(*p.Description); err != nil {
				return err
			}
		}
		t.Role = role
		_, err = tx.ExecContext(ctx, `UPDATE teams SET name = $1, description = $2 WHERE id = $3`, t.Name, t.Description, id)
		return err
	})
	if err != nil {
		return Team{}, fmt.Errorf("teams: update %q: %w", id, err)
	}
	return t, nil
}

// DeleteTeam deletes a team, its memberships and its pending invitations.
func (s *Service) DeleteTeam(ctx context.Context, actor identity.User, id string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		role, err := s.lockAndRole(ctx, tx, id, actor)
		if err != nil {
			return err
		}
		if err := authorize(id, role, actDelete); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM teams WHERE id = $1`, id); err != nil {
			return fmt.Errorf("teams: delete %q: %w", id, err)
		}
		return nil
	})
}
