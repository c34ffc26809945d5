// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

func (s *Service) handleShared(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.SharedWithMe(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (s *Service) handleAccesses(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	list, err := s.Accesses(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"accesses": list})
	return nil
}

func (s *Service) handleShare(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	var req shareRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	role, err := access.ParseRole(req.Role)
	if err != nil {
		return err
	}
	var who access.Principal
	switch {
	case req.TeamID != "" && req.Email == "" && req.UserID == "":
		who.TeamID = req.TeamID
	case req.UserID != "" && req.Email == "" && req.TeamID == "":
		who.UserID = req.UserID
	case req.Email != "" && req.UserID == "" && req.TeamID == "":
		if who.UserID, err = s.UserIDByEmail(r.Context(), req.Email); err != nil {
			return err
		}
	default:
		return errs.Explain(errs.Invalid, "Give exactly one of email, user_id and team_id.")
	}
	g, created, err := s.Share(r.Context(), p.User.ID, id, who, role)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	httpx.WriteJSON(w, status, g)
	return nil
}

func (s *Service) handleUnshare(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	if err := s.Unshare(r.Context(), p.User.ID, id, r.PathValue("grant")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
