// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// allUsage is what GET /api/v1/admin/drive-usage answers.
type allUsage struct {
	// DefaultQuota is the quota of users without an override.
	DefaultQuota int64       `json:"default_quota"`
	Items        []UserUsage `json:"items"`
}

func (s *Service) handleQuota(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	u, err := s.Usage(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (s *Service) handleSetQuota(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	var req quotaRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	bytes := int64(-1)
	if req.Bytes != nil {
		if *req.Bytes < 0 {
			return errs.Explain(errs.Invalid, "bytes must be 0 or more, or null for the default.")
		}
		bytes = *req.Bytes
	}
	userID := r.PathValue("id")
	if err := s.SetQuota(r.Context(), userID, bytes); err != nil {
		return err
	}
	details := map[string]any{"bytes": nil}
	if bytes >= 0 {
		details["bytes"] = bytes
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "drive.quota", Outcome: audit.Success,
		ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "user", TargetID: userID, Details: details})
	u, err := s.Usage(r.Context(), userID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, u)
	return nil
}

func (s *Service) handleAllUsage(w http.ResponseWriter, r *http.Request) error {
	if _, err := identity.RequireAdmin(r); err != nil {
		return err
	}
	list, err := s.AllUsage(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, allUsage{DefaultQuota: s.DefaultQuota(), Items: list})
	return nil
}
