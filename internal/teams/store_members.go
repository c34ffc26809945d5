// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// roleOf returns the role actor acts with in a team: the zero Role if
// they are not in it, errs.NotFound if the team does not exist.
func (s *Service) roleOf(ctx context.Context, q querier, teamID string, actor identity.User) (Role, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT COALESCE((SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2), '') FROM teams WHERE id = $1`,
		teamID, actor.ID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("teams: team %q: %w", teamID, errs.NotFound)
	}
	if err != nil {
		return "", fmt.Errorf("teams: role in %q: %w", teamID, err)
	}
	return effectiveRole(Role(role), actor.Admin), nil
}

// lockAndRole locks the team's row for the rest of tx (touching its
// updated_at), so that concurrent changes to its members take turns and
// the last-owner rule holds on PostgreSQL as on SQLite, and returns the
// role actor acts with.
func (s *Service) lockAndRole(ctx context.Context, tx *sql.Tx, teamID string, actor identity.User) (Role, error) {
	res, err := tx.ExecContext(ctx, `UPDATE teams SET updated_at = $1 WHERE id = $2`, db.Time(s.now()), teamID)
	if err != nil {
		return "", fmt.Errorf("teams: lock %q: %w", teamID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", fmt.Errorf("teams: team %q: %w", teamID, errs.NotFound)
	}
	return s.roleOf(ctx, tx, teamID, actor)
}

// memberRole returns userID's role in a team, or errs.NotFound.
func memberRole(ctx context.Context, q querier, teamID, userID string) (Role, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT role FROM team_members WHERE team_id = $1 AND user_id = $2`, teamID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("teams: %q is not in team %q: %w", userID, teamID, errs.NotFound)
	}
	if err != nil {
		return "", fmt.Errorf("teams: member of %q: %w", teamID, err)
	}
	return Role(role), nil
}

// keepAnOwner refuses a change that takes ownership from userID if they
// are the team's last owner.
func keepAnOwner(ctx context.Context, tx *sql.Tx, teamID string, from, to Role) error {
	if from != RoleOwner || to == RoleOwner {
		return nil
	}
	var owners int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM team_members WHERE team_id = $1 AND role = $2`, teamID, RoleOwner).Scan(&owners); err != nil {
		return fmt.Errorf("teams: count owners: %w", err)
	}
	if owners <= 1 {
		return fmt.Errorf("teams: team %q would have no owner left; make someone else owner first: %w", teamID, errs.Conflict)
	}
	return nil
}

// IsMember returns userID's role in a team, and whether they are in it.
// Site administrators are not members unless they joined.
func (s *Service) IsMember(ctx context.Context, teamID, userID string) (Role, bool, error) {
	role, err := memberRole(ctx, s.db, teamID, userID)
	if errors.Is(err, errs.NotFound) {
		return "", false, nil
	}
	return role, err == nil, err
}

// TeamsOf returns the teams userID is in, by name, each with their role:
// what the OpenID Connect groups claim and sharing dialogs need.
func (s *Service) TeamsOf(ctx context.Context, userID string) ([]Team, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+teamColumns+`, m.role FROM teams t JOIN team_members m ON m.team_id = t.id
		WHERE m.user_id = $1 ORDER BY lower(t.name), t.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("teams: teams of %q: %w", userID, err)
	}
	defer rows.Close()
	out := []Team{}
	for rows.Next() {
		var role string
		t, err := scanTeam(rows, &role)
		if err != nil {
			return nil, fmt.Errorf("teams: teams of %q: %w", userID, err)
		}
		t.Role = Role(role)
		out = append(out, t)
	}
	return out, rows.Err()
}

// AllTeams returns every team with its number of members, by name, for
// site administrators (at most 1,000).
func (s *Service) AllTeams(ctx context.Context) ([]Team, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+teamColumns+`, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id)
		FROM teams t ORDER BY lower(t.name), t.id LIMIT 1000`)
	if err != nil {
		return nil, fmt.Errorf("teams: all teams: %w", err)
	}
	defer rows.Close()
	out := []Team{}
	for rows.Next() {
		var n int
		t, err := scanTeam(rows, &n)
		if err != nil {
			return nil, fmt.Errorf("teams: all teams: %w", err)
		}
		t.Members = n
		out = append(out, t)
	}
	return out, rows.Err()
}

// Members returns a team's members, owners first, as actor may see them.
func (s *Service) Members(ctx context.Context, actor identity.User, teamID string) ([]Member, error) {
	role, err := s.roleOf(ctx, s.db, teamID, actor)
	if err != nil {
		return nil, err
	}
	if err := authorize(teamID, role, actView); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.email, u.name, m.role, m.added_at FROM team_members m JOIN users u ON u.id = m.user_id
		WHERE m.team_id = $1 ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'administrator' THEN 1 ELSE 2 END, lower(u.name), u.id`, teamID)
	if err != nil {
		return nil, fmt.Errorf("teams: members of %q: %w", teamID, err)
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var m Member
		var added string
		if err := rows.Scan(&m.UserID, &m.Email, &m.Name, &m.Role, &added); err != nil {
			return nil, fmt.Errorf("teams: members of %q: %w", teamID, err)
		}
		m.AddedAt, _ = db.ParseTime(added)
		out = append(out, m)
	}
	return out, rows.Err()
}
