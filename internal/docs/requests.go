// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
	"github.com/ensemble-suite/ensemble/internal/teams"
)

// Invitation is a role on a document offered to an email without an
// account; URL (shown once) lets them create the account, which then
// gets the role.
type Invitation struct {
	ID    string `json:"id"`
	URL   string `json:"url"`
	Email string `json:"email"`
	Role  Role   `json:"role"`
	// Delivered is "sent" when the link was also mailed to Email, "shown"
	// when only the inviter has it.
	Delivered string `json:"delivered"`
}

// ShareByEmail gives the account with email the role on docID, or, if
// there is none, invites the email (a guest invitation of package teams)
// and keeps the role for the account it creates. Exactly one of the
// results is not nil.
func (s *Service) ShareByEmail(ctx context.Context, actor identity.User, docID, email string, role Role) (*Access, *Invitation, bool, error) {
	if !role.Valid() {
		return nil, nil, false, errInvalidRole
	}
	if s.opts.Users == nil || s.opts.Inviter == nil {
		return nil, nil, false, errs.Explain(errs.Invalid, "email: sharing by email is not available here; share with a team")
	}
	f, _, err := s.authorize(ctx, s.db, docID, actor.ID, access.Share)
	if err != nil {
		return nil, nil, false, err
	}
	if !access.MayGrant(access.Subject{UserID: actor.ID}, f, access.None, role) {
		return nil, nil, false, fmt.Errorf("docs: only owners grant ownership: %w", errs.Forbidden)
	}
	u, err := s.opts.Users.UserByEmail(ctx, strings.TrimSpace(email))
	if err == nil {
		a, created, err := s.AddUserAccess(ctx, actor, docID, u.ID, role)
		return &a, nil, created, err
	}
	if !errors.Is(err, errs.NotFound) {
		return nil, nil, false, err
	}
	res, err := s.opts.Inviter.Invite(ctx, actor, email, "", teams.RoleMember)
	if err != nil {
		return nil, nil, false, err
	}
	inv := Invitation{ID: ids.New(), URL: res.URL, Email: res.Invitation.Email, Role: role}
	_, err = s.db.ExecContext(ctx, `INSERT INTO doc_invitations (id, doc_id, email, email_key, role, invited_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (doc_id, email_key) DO UPDATE SET role = excluded.role, invited_by = excluded.invited_by`,
		inv.ID, docID, inv.Email, strings.ToLower(inv.Email), role, actor.ID, db.Time(s.now()))
	if err != nil {
		return nil, nil, false, fmt.Errorf("docs: invite: %w", err)
	}
	s.record(ctx, actor, "doc.invite", docID, map[string]any{"email": inv.Email, "role": role})
	inv.Delivered = "shown"
	if s.onInvite != nil && s.onInvite(ctx, Invited{Actor: actor, DocID: docID, Email: inv.Email, Role: role, URL: inv.URL, ExpiresAt: res.Invitation.ExpiresAt}) {
		inv.Delivered = "sent"
	}
	return nil, &inv, true, nil
}

// PendingInvitation is an invitation of an email to a document that no
// account has claimed yet (its link is not shown again).
type PendingInvitation struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// Invitations lists the pending invitations to docID, for those who share it.
func (s *Service) Invitations(ctx context.Context, actor identity.User, docID string) ([]PendingInvitation, error) {
	if _, _, err := s.authorize(ctx, s.db, docID, actor.ID, access.Share); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, email, role, created_at FROM doc_invitations WHERE doc_id = $1 ORDER BY created_at, id`, docID)
	if err != nil {
		return nil, fmt.Errorf("docs: invitations: %w", err)
	}
	defer rows.Close()
	out := []PendingInvitation{}
	for rows.Next() {
		var i PendingInvitation
		var created string
		if err := rows.Scan(&i.ID, &i.Email, &i.Role, &created); err != nil {
			return nil, fmt.Errorf("docs: invitations: %w", err)
		}
		i.CreatedAt, _ = db.ParseTime(created)
		out = append(out, i)
	}
	return out, rows.Err()
}

// RevokeInvitation deletes the pending invitation invitationID to docID.
func (s *Service) RevokeInvitation(ctx context.Context, actor identity.User, docID, invitationID string) error {
	if _, _, err := s.authorize(ctx, s.db, docID, actor.ID, access.Share); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM doc_invitations WHERE id = $1 AND doc_id = $2`, invitationID, docID)
	if err != nil {
		return fmt.Errorf("docs: revoke invitation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("docs: invitation %q: %w", invitationID, errs.NotFound)
	}
	s.record(ctx, actor, "doc.invitation_revoke", docID, map[string]any{"invitation_id": invitationID})
	return nil
}

// claimInvitations turns the pending document invitations of userID's
// verified email into grants, those whose inviter may still give the role.
func (s *Service) claimInvitations(ctx context.Context, userID string) error {
	if userID == "" {
		return nil
	}
	var email string
	var verified bool
	err := s.db.QueryRowContext(ctx, `SELECT email, email_verified FROM users WHERE id = $1`, userID).Scan(&email, &verified)
	if err != nil || !verified {
		return err
	}
	var pending int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM doc_invitations WHERE email_key = $1`, strings.ToLower(email)).Scan(&pending); err != nil || pending == 0 {
		return err
	}
	var docs []string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, doc_id, role, invited_by FROM doc_invitations WHERE email_key = $1`, strings.ToLower(email))
		if err != nil {
			return err
		}
		type inv struct{ id, doc, role, by string }
		var invs []inv
		for rows.Next() {
			var i inv
			if err := rows.Scan(&i.id, &i.doc, &i.role, &i.by); err != nil {
				rows.Close()
				return err
			}
			invs = append(invs, i)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, i := range invs {
			if _, err := tx.ExecContext(ctx, `DELETE FROM doc_invitations WHERE id = $1`, i.id); err != nil {
				return err
			}
			// The invitation is its inviter acting now: void if they may no
			// longer give that role (or the document is in the trash).
			f, _, err := s.facts(ctx, tx, i.doc, i.by)
			if err != nil || !access.MayGrant(access.Subject{UserID: i.by}, f, access.None, Role(i.role)) {
				continue
			}
			if _, _, err := s.grants.Put(ctx, tx, tree{}, i.doc, access.Principal{UserID: userID}, Role(i.role), i.by); err != nil {
				return err
			}
			docs = append(docs, i.doc)
		}
		return nil
	})
	for _, d := range docs {
		s.audit.Record(ctx, requestFrom(ctx), auditEvent("doc.access_grant", userID, email, d, map[string]any{"user_id": userID, "via": "invitation"}))
		s.accessChanged(ctx, d)
	}
	return err
}

// AccessRequest is someone asking for a role on a document.
type AccessRequest struct {
	ID        string    `json:"id"`
	User      *UserRef  `json:"user,omitempty"`
	Role      Role      `json:"role"`
	CreatedAt time.Time `json:"created_at"`
}

// RequestAccess records that actor asks for role on docID (reader if
// empty). It tells nothing about the document.
func (s *Service) RequestAccess(ctx context.Context, actor identity.User, docID string, role Role) (AccessRequest, error) {
	if role == "" {
		role = access.Reader
	}
	if !role.Valid() || role == access.Owner {
		return AccessRequest{}, errs.Explain(errs.Invalid, "role: one of reader, commenter, editor, administrator")
	}
	if _, _, err := s.authorize(ctx, s.db, docID, actor.ID, access.RequestAccess); err != nil {
		return AccessRequest{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	req := AccessRequest{ID: ids.New(), Role: role, CreatedAt: now}
	// Asking again for the same role tells the administrators nothing new.
	var before Role
	if err := s.db.QueryRowContext(ctx, `SELECT role FROM doc_access_requests WHERE doc_id = $1 AND user_id = $2`, docID, actor.ID).Scan(&before); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return AccessRequest{}, fmt.Errorf("docs: request access: %w", err)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO doc_access_requests (id, doc_id, user_id, role, created_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (doc_id, user_id) DO UPDATE SET role = excluded.role, created_at = excluded.created_at`, req.ID, docID, actor.ID, role, db.Time(now))
	if err != nil {
		return AccessRequest{}, fmt.Errorf("docs: request access: %w", err)
	}
	err = s.db.QueryRowContext(ctx, `SELECT id FROM doc_access_requests WHERE doc_id = $1 AND user_id = $2`, docID, actor.ID).Scan(&req.ID)
	if err == nil && s.onAccessRequest != nil && before != role {
		s.onAccessRequest(ctx, AccessRequested{Actor: actor, DocID: docID, Role: role})
	}
	return req, err
}

// AccessRequests lists the requests on docID, oldest first, for those who
// decide them.
func (s *Service) AccessRequests(ctx context.Context, actor identity.User, docID string) ([]AccessRequest, error) {
	if _, _, err := s.authorize(ctx, s.db, docID, actor.ID, access.DecideRequests); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT r.id, r.role, r.created_at, u.id, u.name, u.email FROM doc_access_requests r
		JOIN users u ON u.id = r.user_id WHERE r.doc_id = $1 ORDER BY r.created_at, r.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("docs: access requests: %w", err)
	}
	defer rows.Close()
	out := []AccessRequest{}
	for rows.Next() {
		var r AccessRequest
		var u UserRef
		var created string
		if err := rows.Scan(&r.ID, &r.Role, &created, &u.ID, &u.Name, &u.Email); err != nil {
			return nil, fmt.Errorf("docs: access requests: %w", err)
		}
		r.CreatedAt, _ = db.ParseTime(created)
		r.User = &u
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideRequest accepts (with role, or the requested one if empty) or
// refuses the request requestID on docID.
func (s *Service) DecideRequest(ctx context.Context, actor identity.User, docID, requestID string, accept bool, role Role) error {
	var userID string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.authorize(ctx, tx, docID, actor.ID, access.DecideRequests); err != nil {
			return err
		}
		var asked Role
		err := tx.QueryRowContext(ctx, `SELECT user_id, role FROM doc_access_requests WHERE id = $1 AND doc_id = $2`, requestID, docID).Scan(&userID, &asked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("docs: access request %q: %w", requestID, errs.NotFound)
		}
		if err != nil {
			return err
		}
		if accept {
			if role == "" {
				role = asked
			}
			if !role.Valid() {
				return errInvalidRole
			}
			if _, _, err := s.grantChecked(ctx, tx, actor, docID, access.Principal{UserID: userID}, role); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM doc_access_requests WHERE id = $1`, requestID)
		return err
	})
	if err != nil {
		return fmt.Errorf("docs: decide access request: %w", err)
	}
	if accept {
		s.record(ctx, actor, "doc.access_grant", docID, map[string]any{"user_id": userID, "role": role, "via": "request"})
		s.accessChanged(ctx, docID)
	}
	return nil
}
