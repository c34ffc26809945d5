// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"errors"
	"net/http"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// sessionAnswer is the answer of GET /api/v1/auth/session: a null user
// (and no via) for a visitor.
type sessionAnswer struct {
	User *User  `json:"user"`
	Via  string `json:"via,omitempty"`
}

// handleSession tells the web app who is signed in, answering 200 with a
// null user for a visitor (where /api/v1/me answers 401, as an API should).
func (s *Service) handleSession(w http.ResponseWriter, r *http.Request) error {
	p, ok := PrincipalFrom(r.Context())
	if !ok {
		httpx.WriteJSON(w, http.StatusOK, sessionAnswer{})
		return nil
	}
	httpx.WriteJSON(w, http.StatusOK, sessionAnswer{User: &p.User, Via: p.Via})
	return nil
}

func (s *Service) handleMe(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": p.User, "via": p.Via})
	return nil
}

func (s *Service) handleUpdateMe(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	var req Profile
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	u, err := s.UpdateProfile(r.Context(), p.User.ID, req)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": u})
	return nil
}

// changePasswordRequest is the body of POST /api/v1/me/password.
type changePasswordRequest struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

func (s *Service) handleChangePassword(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	var req changePasswordRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	err = s.ChangePassword(r.Context(), p.User.ID, req.Current, req.New, p.SessionID)
	ev := audit.Event{Action: "password.change", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "user", TargetID: p.User.ID}
	if errors.Is(err, errs.Forbidden) {
		ev.Outcome = audit.Failure
		s.audit.Record(r.Context(), r, ev)
		return httpx.NewError(http.StatusForbidden, "wrong_password", "The current password is wrong.")
	}
	if err != nil {
		return passwordPolicyError(err)
	}
	s.audit.Record(r.Context(), r, ev)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleListSessions(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.ListSessions(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Current = list[i].ID == p.SessionID
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"sessions": list})
	return nil
}

func (s *Service) handleRevokeSession(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.RevokeSession(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "session.revoke", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "session", TargetID: id})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleListTokens(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.ListTokens(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"tokens": list})
	return nil
}

// createTokenRequest is the body of POST /api/v1/me/tokens; no
// expires_in_hours (or 0) makes a token that never expires.
type createTokenRequest struct {
	Name         string `json:"name"`
	ExpiresHours int    `json:"expires_in_hours,omitempty"`
}

func (s *Service) handleCreateToken(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	if p.Via != "session" {
		// A leaked token must not be able to mint more of itself.
		return httpx.NewError(http.StatusForbidden, "session_required", "Create tokens from a signed-in browser session.")
	}
	var req createTokenRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	if req.ExpiresHours < 0 || req.ExpiresHours > 24*366*5 {
		return httpx.NewError(http.StatusBadRequest, "invalid", "expires_in_hours must be 0 (never) to five years.")
	}
	t, secret, err := s.CreateToken(r.Context(), p.User.ID, req.Name, time.Duration(req.ExpiresHours)*time.Hour)
	if err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "token.create", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "token", TargetID: t.ID, Details: map[string]any{"name": t.Name}})
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"token": t, "secret": secret})
	return nil
}

func (s *Service) handleRevokeToken(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.RevokeToken(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "token.revoke", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "token", TargetID: id})
	w.WriteHeader(http.StatusNoContent)
	return nil
}
