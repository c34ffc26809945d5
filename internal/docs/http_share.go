// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

func (s *Service) handleAccesses(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	list, err := s.Accesses(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"accesses": list})
	return nil
}

func (s *Service) handleAddAccess(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	var req struct {
		Email  string `json:"email"`
		TeamID string `json:"team_id"`
		Role   string `json:"role"`
	}
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	role, err := access.ParseRole(req.Role)
	if err != nil {
		return err
	}
	status := func(created bool) int {
		if created {
			return http.StatusCreated
		}
		return http.StatusOK
	}
	switch {
	case (req.Email == "") == (req.TeamID == ""):
		return errs.Explain(errs.Invalid, "email or team_id: exactly one of them")
	case req.TeamID != "":
		if !ids.Valid(req.TeamID) {
			return errs.Explain(errs.NotFound, "team_id: no such team among yours")
		}
		a, created, err := s.AddTeamAccess(r.Context(), u, id, req.TeamID, role)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, status(created), a)
	default:
		a, inv, created, err := s.ShareByEmail(r.Context(), u, id, req.Email, role)
		if err != nil {
			return err
		}
		if inv != nil {
			httpx.WriteJSON(w, http.StatusCreated, map[string]any{"invitation": inv})
			return nil
		}
		httpx.WriteJSON(w, status(created), a)
	}
	return nil
}

// accessID returns the request's {aid}.
func accessID(r *http.Request) (string, error) {
	id := r.PathValue("aid")
	if !ids.Valid(id) && !validHexID(id) {
		return "", fmt.Errorf("docs: access: %w", errs.NotFound)
	}
	return id, nil
}

// validHexID accepts the IDs that migration 0008 gave the grants it moved.
func validHexID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func (s *Service) handlePatchAccess(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	aid, err := accessID(r)
	if err != nil {
		return err
	}
	var req struct {
		Role string `json:"role"`
	}
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	role, err := access.ParseRole(req.Role)
	if err != nil {
		return err
	}
	a, err := s.SetAccessRole(r.Context(), u, id, aid, role)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (s *Service) handleDeleteAccess(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	aid, err := accessID(r)
	if err != nil {
		return err
	}
	if err := s.RemoveAccess(r.Context(), u, id, aid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleRequestAccess(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	var req struct {
		Role string `json:"role"`
	}
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
			return err
		}
	}
	ar, err := s.RequestAccess(r.Context(), u, id, Role(req.Role))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, ar)
	return nil
}

func (s *Service) handleAccessRequests(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	list, err := s.AccessRequests(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"requests": list})
	return nil
}

func (s *Service) handleAcceptRequest(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	rid, err := docID(r, "rid")
	if err != nil {
		return err
	}
	var req struct {
		Role string `json:"role"`
	}
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
			return err
		}
	}
	if req.Role != "" {
		if _, err := access.ParseRole(req.Role); err != nil {
			return err
		}
	}
	if err := s.DecideRequest(r.Context(), u, id, rid, true, Role(req.Role)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleRefuseRequest(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	rid, err := docID(r, "rid")
	if err != nil {
		return err
	}
	if err := s.DecideRequest(r.Context(), u, id, rid, false, ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleInvitations(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	list, err := s.Invitations(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"invitations": list})
	return nil
}

func (s *Service) handleRevokeInvitation(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	iid, err := docID(r, "iid")
	if err != nil {
		return err
	}
	if err := s.RevokeInvitation(r.Context(), u, id, iid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
