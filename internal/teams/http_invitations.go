// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// lastOwnerError gives the last-owner refusal a message people understand.
func lastOwnerError(err error) error {
	if errors.Is(err, errs.Conflict) {
		return &httpx.Error{Status: http.StatusConflict, Code: "last_owner", Message: "A team keeps at least one owner: make someone else owner first.", Err: err}
	}
	return err
}

func (s *Service) handleInvite(w http.ResponseWriter, r *http.Request) error {
	var req inviteRequest
	if err := httpx.DecodeJSON(w, r, &req, 16<<10); err != nil {
		return err
	}
	return s.invite(w, r, req)
}

// inviteAnswer is what inviting did: added an existing account to the team
// (member, added) or made an invitation whose link url is shown once
// (invitation, url, delivered).
type inviteAnswer struct {
	Added      bool        `json:"added,omitempty"`
	Delivered  string      `json:"delivered,omitempty"`
	Invitation *Invitation `json:"invitation,omitempty"`
	Member     *Member     `json:"member,omitempty"`
	URL        string      `json:"url,omitempty"`
}

// invite adds or invites req.Email and answers what it did. The link is
// shown to the inviter, once; "delivered" says whether it was also mailed
// ("sent", with SMTP) or only shown ("shown").
func (s *Service) invite(w http.ResponseWriter, r *http.Request, req inviteRequest) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	role, err := ParseRole(req.Role)
	if err != nil {
		return err
	}
	res, err := s.Invite(r.Context(), p.User, req.Email, req.TeamID, role)
	switch {
	case errors.Is(err, errs.Conflict) && req.TeamID == "":
		return &httpx.Error{Status: http.StatusConflict, Code: "account_exists", Message: "This person already has an account: share with them directly.", Err: err}
	case errors.Is(err, errs.Conflict):
		return &httpx.Error{Status: http.StatusConflict, Code: "already_member", Message: "This person is already in the team.", Err: err}
	case err != nil:
		return err
	case res.Member != nil:
		s.record(r, p.User, "team.member.add", "team", req.TeamID, map[string]any{"user_id": res.Member.UserID, "role": role})
		httpx.WriteJSON(w, http.StatusCreated, inviteAnswer{Member: res.Member, Added: true})
		return nil
	}
	s.record(r, p.User, "invitation.create", "invitation", res.Invitation.ID, map[string]any{"email": res.Invitation.Email, "team_id": req.TeamID, "role": role})
	delivered := "shown"
	if s.onInvite != nil && s.onInvite(r.Context(), p.User, *res.Invitation, res.URL) {
		delivered = "sent"
	}
	httpx.WriteJSON(w, http.StatusCreated, inviteAnswer{Invitation: res.Invitation, URL: res.URL, Delivered: delivered})
	return nil
}

func (s *Service) handleListInvitations(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.SentInvitations(r.Context(), p.User)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"invitations": list})
	return nil
}

func (s *Service) handleRevokeInvitation(w http.ResponseWriter, r *http.Request) error {
	p, id, err := userAndTeam(r)
	if err != nil {
		return err
	}
	inv, err := s.RevokeInvitation(r.Context(), p.User, id)
	if err != nil {
		return err
	}
	s.record(r, p.User, "invitation.revoke", "invitation", id, map[string]any{"email": inv.Email, "team_id": inv.TeamID})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// invalidLink is the one answer to an unknown, used, expired or void link.
func invalidLink(err error) error {
	if errors.Is(err, errs.NotFound) {
		return &httpx.Error{Status: http.StatusNotFound, Code: "invalid_link", Message: "This invitation is unknown, already used or expired. Ask whoever invited you for a new one.", Err: err}
	}
	return err
}

// handleShowInvitation tells the holder of a link, signed in or not, what
// it invites them to.
func (s *Service) handleShowInvitation(w http.ResponseWriter, r *http.Request) error {
	p, err := s.InvitationBySecret(r.Context(), r.PathValue("id"))
	if err != nil {
		return invalidLink(err)
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"invitation": map[string]any{
		"email": p.Email, "team_id": p.TeamID, "team_name": p.TeamName, "role": p.Role,
		"inviter_name": p.InviterName, "expires_at": p.ExpiresAt, "account_exists": p.AccountExists,
	}})
	return nil
}

// acceptRequest is the body of POST /api/v1/invitations/{secret}/accept:
// the new account's name and password when no one is signed in, nothing
// ({}) otherwise.
type acceptRequest struct {
	Name     string `json:"name,omitempty"`
	Password string `json:"password,omitempty"`
}

// handleAcceptInvitation accepts a link: signed in, for the current
// account (whose email must be the invited one); anonymous, by creating
// the account from {name, password} and starting its single sign-on
// session, as the login page does. The answer's redirect takes the web app
// through its own sign-in to the team.
func (s *Service) handleAcceptInvitation(w http.ResponseWriter, r *http.Request) error {
	secret := r.PathValue("secret")
	var req acceptRequest
	if err := httpx.DecodeJSON(w, r, &req, 16<<10); err != nil {
		return err
	}
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		inv, err := s.AcceptInvitationAs(r.Context(), secret, p.User)
		if errors.Is(err, errs.Forbidden) {
			return &httpx.Error{Status: http.StatusForbidden, Code: "other_account", Message: "This invitation is for another email address. Sign out, then open the link again.", Err: err}
		}
		if err != nil {
			return invalidLink(err)
		}
		s.record(r, p.User, "invitation.accept", "invitation", inv.ID, map[string]any{"team_id": inv.TeamID, "role": inv.Role})
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": p.User, "invitation": inv, "signed_in": true, "redirect": landing(inv)})
		return nil
	}
	if err := identity.CheckPasswordPolicy(req.Password); err != nil {
		// Refused before the link is looked at, so it stays usable.
		return &httpx.Error{Status: http.StatusBadRequest, Code: "weak_password",
			Message: fmt.Sprintf("Choose a password of %d to %d characters.", identity.MinPasswordLen, identity.MaxPasswordLen), Err: err}
	}
	u, inv, err := s.AcceptInvitation(r.Context(), secret, req.Name, req.Password)
	switch {
	case errors.Is(err, errs.Conflict):
		return &httpx.Error{Status: http.StatusConflict, Code: "account_exists", Message: "An account with this email exists: sign in, then open the link again.", Err: err}
	case err != nil:
		return invalidLink(err)
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "invitation.accept", ActorID: u.ID, ActorEmail: u.Email, TargetType: "invitation", TargetID: inv.ID,
		Details: map[string]any{"team_id": inv.TeamID, "role": inv.Role, "invited_by": inv.InvitedBy, "account_created": true}})
	// The account exists now; if signing in fails, its owner signs in on
	// the login page.
	signedIn := true
	if err := s.users.StartSession(w, r, u, "invitation"); err != nil {
		s.log.Warn("teams: cannot sign in the invited account", "user", u.ID, "err", err)
		signedIn = false
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"user": u, "invitation": inv, "signed_in": signedIn, "redirect": landing(inv)})
	return nil
}

// landing is where the browser goes after accepting: through the web
// app's sign-in (the new session is a single sign-on session) to the team.
func landing(inv Invitation) string {
	if inv.TeamID == "" {
		return identity.AfterSignIn("/")
	}
	return identity.AfterSignIn("/teams/" + inv.TeamID)
}
