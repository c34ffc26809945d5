// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// InvitationTTL is how long an invitation link works.
const InvitationTTL = 14 * 24 * time.Hour

// MaxPendingInvitations bounds the pending invitations one person has sent,
// so that an account cannot mint links without end.
const MaxPendingInvitations = 200

// invitationSecretPrefix marks invitation secrets, in links and in logs.
const invitationSecretPrefix = "ens_i_"

// Invitation lets a person without an account create one with the email
// it names, joining a team if it names one.
type Invitation struct {
	ID         string     `json:"id"`
	Email      string     `json:"email"`
	TeamID     string     `json:"team_id,omitempty"`
	TeamName   string     `json:"team_name,omitempty"`
	Role       Role       `json:"role"`
	InvitedBy  string     `json:"invited_by"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	AcceptedAt *time.Time `json:"accepted_at,omitempty"`
}

// InviteResult is what inviting an email did: added an existing account to
// the team (Member), or made an invitation whose link is URL, shown once.
type InviteResult struct {
	Member     *Member
	Invitation *Invitation
	URL        string
}

// checkEmail validates an email address as identity does for accounts and
// returns it trimmed, with its lower-cased lookup key.
func checkEmail(email string) (string, string, error) {
	email = strings.TrimSpace(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
		return "", "", fmt.Errorf("teams: email %q: %w", truncate(email, 80), errs.Invalid)
	}
	return email, strings.ToLower(email), nil
}

// Invite invites email, to a team if teamID is not empty (with role), or
// else as a guest account. An email that has an account is added to the
// team at once (and is errs.Conflict without a team: there is nothing to
// invite them to); any other gets an invitation link, replacing an earlier
// pending one for the same email and team.
func (s *Service) Invite(ctx context.Context, actor identity.User, email, teamID string, role Role) (InviteResult, error) {
	email, key, err := checkEmail(email)
	if err != nil {
		return InviteResult{}, err
	}
	if role.rank() == 0 || (teamID == "" && role != RoleMember) {
		return InviteResult{}, fmt.Errorf("teams: role %q for this invitation: %w", role, errs.Invalid)
	}
	if teamID != "" && !ids.Valid(teamID) {
		return InviteResult{}, fmt.Errorf("teams: team %q: %w", truncate(teamID, 40), errs.NotFound)
	}
	existing, err := s.users.UserByEmail(ctx, email)
	switch {
	case err == nil && teamID == "":
		return InviteResult{}, fmt.Errorf("teams: %q already has an account: %w", email, errs.Conflict)
	case err == nil:
		m, err := s.AddMember(ctx, actor, teamID, existing.ID, role)
		if err != nil {
			return InviteResult{}, err
		}
		return InviteResult{Member: &m}, nil
	case !errors.Is(err, errs.NotFound):
		return InviteResult{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	inv := Invitation{ID: ids.New(), Email: email, TeamID: teamID, Role: role, InvitedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(InvitationTTL)}
	secret := ids.Secret(invitationSecretPrefix)
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var team any // NULL without a team
		if teamID != "" {
			actorRole, err := s.lockAndRole(ctx, tx, teamID, actor)
			if err != nil {
				return err
			}
			if err := authorize(teamID, actorRole, changeAction("", role)); err != nil {
				return err
			}
			t, err := teamByID(ctx, tx, teamID)
			if err != nil {
				return err
			}
			inv.TeamName, team = t.Name, teamID
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM invitations WHERE email_key = $1 AND COALESCE(team_id, '') = $2 AND accepted_at = ''`, key, teamID); err != nil {
			return err
		}
		var pending int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE invited_by = $1 AND accepted_at = '' AND expires_at > $2`,
			actor.ID, db.Time(now)).Scan(&pending); err != nil {
			return err
		}
		if pending >= MaxPendingInvitations {
			return fmt.Errorf("teams: %d pending invitations; revoke some first: %w", pending, errs.TooMany)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO invitations (id, secret_hash, email, email_key, team_id, role, invited_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, inv.ID, ids.Hash(secret), email, key, team, role, actor.ID, db.Time(now), db.Time(inv.ExpiresAt))
		return err
	})
	if err != nil {
		return InviteResult{}, fmt.Errorf("teams: invite: %w", err)
	}
	u := *s.base
	u.Path = strings.TrimSuffix(u.Path, "/") + "/invite/" + secret
	return InviteResult{Invitation: &inv, URL: u.String()}, nil
}

const invitationColumns = `i.id, i.email, COALESCE(i.team_id, ''), COALESCE(t.name, ''), i.role, i.invited_by, i.created_at, i.expires_at, i.accepted_at`

const invitationFrom = ` FROM invitations i LEFT JOIN teams t ON t.id = i.team_id`

func scanInvitation(r interface{ Scan(...any) error }) (Invitation, error) {
	var inv Invitation
	var created, expires, accepted string
	if err := r.Scan(&inv.ID, &inv.Email, &inv.TeamID, &inv.TeamName, &inv.Role, &inv.InvitedBy, &created, &expires, &accepted); err != nil {
		return Invitation{}, err
	}
	inv.CreatedAt, _ = db.ParseTime(created)
	inv.ExpiresAt, _ = db.ParseTime(expires)
	if accepted != "" {
		t, _ := db.ParseTime(accepted)
		inv.AcceptedAt = &t
	}
	return inv, nil
}

// SentInvitations returns the pending invitations actor sent, newest first.
func (s *Service) SentInvitations(ctx context.Context, actor identity.User) ([]Invitation, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+invitationColumns+invitationFrom+`
		WHERE i.invited_by = $1 AND i.accepted_at = '' AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC`, actor.ID, db.Time(s.now()))
	if err != nil {
		return nil, fmt.Errorf("teams: sent invitations: %w", err)
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("teams: sent invitations: %w", err)
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}

// RevokeInvitation deletes a pending invitation. Its inviter, a site
// administrator, and whoever may now invite to its team with its role may.
func (s *Service) RevokeInvitation(ctx context.Context, actor identity.User, id string) (Invitation, error) {
	inv, err := scanInvitation(s.db.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+` WHERE i.id = $1 AND i.accepted_at = ''`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Invitation{}, fmt.Errorf("teams: invitation %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return Invitation{}, fmt.Errorf("teams: invitation %q: %w", id, err)
	}
	if inv.InvitedBy != actor.ID && !actor.Admin {
		if inv.TeamID == "" {
			return Invitation{}, fmt.Errorf("teams: invitation %q: %w", id, errs.NotFound)
		}
		role, err := s.roleOf(ctx, s.db, inv.TeamID, actor)
		if err != nil {
			return Invitation{}, err
		}
		if err := authorize(inv.TeamID, role, changeAction("", inv.Role)); err != nil {
			return Invitation{}, fmt.Errorf("teams: invitation %q: %w", id, errs.NotFound)
		}
	}
	if _, err := s.db.ExecContext(ctx, `DELETE FROM invitations WHERE id = $1 AND accepted_at = ''`, id); err != nil {
		return Invitation{}, fmt.Errorf("teams: revoke invitation %q: %w", id, err)
	}
	return inv, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// TeamInvitations returns the pending invitations to a team, whoever sent
// them, for those who manage its members.
func (s *Service) TeamInvitations(ctx context.Context, actor identity.User, teamID string) ([]Invitation, error) {
	role, err := s.roleOf(ctx, s.db, teamID, actor)
	if err != nil {
		return nil, err
	}
	if err := authorize(teamID, role, actManageMembers); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+invitationColumns+invitationFrom+`
		WHERE i.team_id = $1 AND i.accepted_at = '' AND i.expires_at > $2 ORDER BY i.created_at DESC, i.id DESC`, teamID, db.Time(s.now()))
	if err != nil {
		return nil, fmt.Errorf("teams: invitations of %q: %w", teamID, err)
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		inv, err := scanInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("teams: invitations of %q: %w", teamID, err)
		}
		out = append(out, inv)
	}
	return out, rows.Err()
}
