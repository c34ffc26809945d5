// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

func (s *Service) handleAdminListUsers(w http.ResponseWriter, r *http.Request) error {
	if _, err := RequireAdmin(r); err != nil {
		return err
	}
	list, err := s.ListUsers(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"users": list})
	return nil
}

// adminCreateUserRequest is the body of POST /api/v1/admin/users: without
// a password the account signs in once given a reset link; an empty locale
// follows the browser.
type adminCreateUserRequest struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password,omitempty"`
	Locale   string `json:"locale,omitempty"`
	Admin    bool   `json:"admin,omitempty"`
}

func (s *Service) handleAdminCreateUser(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireAdmin(r)
	if err != nil {
		return err
	}
	var req adminCreateUserRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	u, err := s.CreateUser(r.Context(), NewUser{Email: req.Email, Name: req.Name, Password: req.Password, Locale: req.Locale, Admin: req.Admin})
	if err != nil {
		return passwordPolicyError(err)
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "admin.user.create", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "user", TargetID: u.ID, Details: map[string]any{"email": u.Email, "admin": u.Admin}})
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"user": u})
	return nil
}

// adminUpdateUserRequest is the body of PATCH /api/v1/admin/users/{id}:
// absent members stay as they are.
type adminUpdateUserRequest struct {
	Disabled *bool `json:"disabled,omitempty"`
	Admin    *bool `json:"admin,omitempty"`
}

func (s *Service) handleAdminUpdateUser(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireAdmin(r)
	if err != nil {
		return err
	}
	var req adminUpdateUserRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	id := r.PathValue("id")
	if id == p.User.ID && ((req.Disabled != nil && *req.Disabled) || (req.Admin != nil && !*req.Admin)) {
		return httpx.NewError(http.StatusConflict, "self_lockout", "You cannot disable yourself or remove your own administrator rights.")
	}
	if req.Disabled != nil {
		if err := s.SetDisabled(r.Context(), id, *req.Disabled); err != nil {
			return err
		}
		action := "admin.user.enable"
		if *req.Disabled {
			action = "admin.user.disable"
		}
		s.audit.Record(r.Context(), r, audit.Event{Action: action, ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "user", TargetID: id})
	}
	if req.Admin != nil {
		if err := s.SetAdmin(r.Context(), id, *req.Admin); err != nil {
			return err
		}
		s.audit.Record(r.Context(), r, audit.Event{Action: "admin.user.set_admin", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "user", TargetID: id, Details: map[string]any{"admin": *req.Admin}})
	}
	u, err := s.UserByID(r.Context(), id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"user": u})
	return nil
}

func (s *Service) handleAdminResetLink(w http.ResponseWriter, r *http.Request) error {
	p, err := RequireAdmin(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	link, expires, err := s.CreateResetLink(r.Context(), id, p.User.ID)
	if err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "admin.user.reset_link", ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "user", TargetID: id})
	emailed := false
	if s.onResetLink != nil {
		if u, err := s.UserByID(r.Context(), id); err == nil {
			emailed = s.onResetLink(r.Context(), u, link, expires)
		}
	}
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"url": link, "expires_at": expires, "emailed": emailed})
	return nil
}

// handleAdminAudit lists audit events, newest first, filtered by the query
// parameters action, actor (a user ID), actor_email (part of an email),
// outcome, since, until (RFC 3339) and before (an event id, to page);
// format=jsonl streams them as JSON lines for export.
func (s *Service) handleAdminAudit(w http.ResponseWriter, r *http.Request) error {
	if _, err := RequireAdmin(r); err != nil {
		return err
	}
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), ActorID: q.Get("actor"), Actor: q.Get("actor_email"), Outcome: q.Get("outcome")}
	for name, dst := range map[string]*time.Time{"since": &f.Since, "until": &f.Until} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return httpx.NewError(http.StatusBadRequest, "invalid", name+" must be an RFC 3339 time, such as 2026-11-23T09:00:00Z.")
			}
			*dst = t
		}
	}
	f.Before, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Limit, _ = strconv.Atoi(q.Get("limit"))
	if q.Get("format") == "jsonl" {
		f.Limit = 1000
		w.Header().Set("Content-Type", "application/x-ndjson")
		w.Header().Set("Content-Disposition", `attachment; filename="ensemble-audit.jsonl"`)
		enc := json.NewEncoder(w)
		for {
			events, err := s.audit.List(r.Context(), f)
			if err != nil {
				return err
			}
			for _, e := range events {
				enc.Encode(e)
			}
			if len(events) < f.Limit {
				return nil
			}
			f.Before = events[len(events)-1].ID
		}
	}
	events, err := s.audit.List(r.Context(), f)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"events": events})
	return nil
}
