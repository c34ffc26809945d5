// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Mount registers the document record routes on mux. They expect
// identity's Authenticate middleware in front.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("POST /api/v1/docs", h(s.handleCreate))
	mux.Handle("GET /api/v1/docs/{id}", h(s.handleGet))
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	var req struct {
		Title string `json:"title"`
	}
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	d, err := s.Create(r.Context(), p.User.ID, req.Title)
	if err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "doc.create", Outcome: audit.Success,
		ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "doc", TargetID: d.ID})
	httpx.WriteJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if !ids.Valid(id) {
		return fmt.Errorf("docs: id: %w", errs.NotFound)
	}
	d, err := s.Get(r.Context(), id, p.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, d)
	return nil
}
