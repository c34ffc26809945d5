// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// PendingInvitation is what the holder of an invitation link may see.
type PendingInvitation struct {
	Invitation
	// InviterName is the display name of who sent it.
	InviterName string `json:"inviter_name"`
	// AccountExists says that the email has an account by now: its owner
	// signs in and accepts instead of creating one.
	AccountExists bool `json:"account_exists"`
}

// InvitationBySecret returns the invitation behind a link's secret if it
// can still be accepted, and errs.NotFound if it is unknown, used, expired
// or void.
//
// An invitation is its inviter acting later, so it is void while they
// could not do it now: while their account is disabled, or, for a team,
// while they may no longer add someone with its role. It works again if
// that changes back before it expires.
func (s *Service) InvitationBySecret(ctx context.Context, secret string) (PendingInvitation, error) {
	notFound := fmt.Errorf("teams: unknown, used, expired or void invitation: %w", errs.NotFound)
	if !strings.HasPrefix(secret, invitationSecretPrefix) || len(secret) > 100 {
		return PendingInvitation{}, notFound
	}
	inv, err := scanInvitation(s.db.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+` WHERE i.secret_hash = $1`, ids.Hash(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return PendingInvitation{}, notFound
	}
	if err != nil {
		return PendingInvitation{}, fmt.Errorf("teams: invitation: %w", err)
	}
	if inv.AcceptedAt != nil || !s.now().Before(inv.ExpiresAt) {
		return PendingInvitation{}, notFound
	}
	inviter, err := s.users.UserByID(ctx, inv.InvitedBy)
	if err != nil || inviter.Disabled {
		return PendingInvitation{}, errors.Join(notFound, err)
	}
	if inv.TeamID != "" {
		role, err := s.roleOf(ctx, s.db, inv.TeamID, inviter)
		if err != nil || !can(role, changeAction("", inv.Role)) {
			return PendingInvitation{}, errors.Join(notFound, err)
		}
	}
	p := PendingInvitation{Invitation: inv, InviterName: inviter.Name}
	if _, err := s.users.UserByEmail(ctx, inv.Email); err == nil {
		p.AccountExists = true
	} else if !errors.Is(err, errs.NotFound) {
		return PendingInvitation{}, err
	}
	return p, nil
}

// AcceptInvitation creates the account an invitation offers, with the
// invitation's email (verified: the link reached that mailbox), name and
// password, and joins its team. The link then stops working. An email
// that has an account by now is errs.Conflict: sign in and use
// AcceptInvitationAs.
func (s *Service) AcceptInvitation(ctx context.Context, secret, name, password string) (identity.User, Invitation, error) {
	p, err := s.InvitationBySecret(ctx, secret)
	if err != nil {
		return identity.User{}, Invitation{}, err
	}
	if err := identity.CheckPasswordPolicy(password); err != nil {
		return identity.User{}, Invitation{}, err
	}
	if p.AccountExists {
		return identity.User{}, Invitation{}, fmt.Errorf("teams: %q has an account; sign in to accept: %w", p.Email, errs.Conflict)
	}
	// The email is unique: of two people racing with the same link, one
	// creates the account and the other gets errs.Conflict here.
	u, err := s.users.CreateUser(ctx, identity.NewUser{Email: p.Email, Name: name, Password: password, EmailVerified: true})
	if err != nil {
		return identity.User{}, Invitation{}, err
	}
	inv, err := s.claim(ctx, p.Invitation, u)
	return u, inv, err
}

// AcceptInvitationAs accepts an invitation for the signed-in account user,
// whose email must be the invited one (errs.Forbidden otherwise).
func (s *Service) AcceptInvitationAs(ctx context.Context, secret string, user identity.User) (Invitation, error) {
	p, err := s.InvitationBySecret(ctx, secret)
	if err != nil {
		return Invitation{}, err
	}
	if !strings.EqualFold(p.Email, user.Email) {
		return Invitation{}, fmt.Errorf("teams: this invitation is for another email address: %w", errs.Forbidden)
	}
	return s.claim(ctx, p.Invitation, user)
}

// claim marks inv accepted by u, once, and adds u to its team.
func (s *Service) claim(ctx context.Context, inv Invitation, u identity.User) (Invitation, error) {
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE invitations SET accepted_at = $1, accepted_by = $2 WHERE id = $3 AND accepted_at = ''`, db.Time(now), u.ID, inv.ID)
		if err != nil {
			return fmt.Errorf("teams: accept: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("teams: invitation already used: %w", errs.NotFound)
		}
		if inv.TeamID == "" {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE teams SET updated_at = $1 WHERE id = $2`, db.Time(now), inv.TeamID); err != nil {
			return fmt.Errorf("teams: lock: %w", err)
		}
		if err := insertMember(ctx, tx, inv.TeamID, u.ID, inv.Role, now); err != nil && !errors.Is(err, errs.Conflict) {
			return err // already a member: the invitation is simply used
		}
		return nil
	})
	if err != nil {
		return Invitation{}, err
	}
	inv.AcceptedAt = &now
	return inv, nil
}
