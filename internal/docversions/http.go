// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Mount registers the versions routes on mux, behind identity's
// Authenticate. Reading needs no sign-in on a public document.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("GET /api/v1/docs/{id}/versions", h(s.handleList))
	mux.Handle("POST /api/v1/docs/{id}/versions", h(s.handleCreate))
	mux.Handle("GET /api/v1/docs/{id}/versions/{vid}", h(s.handleGet))
	mux.Handle("GET /api/v1/docs/{id}/versions/{vid}/changes", h(s.handleChanges))
	mux.Handle("POST /api/v1/docs/{id}/versions/{vid}/restore", h(s.handleRestore))
}

// pathIDs returns the request's document ID and, if vid, version ID;
// errs.NotFound for IDs that cannot be.
func pathIDs(r *http.Request, vid bool) (string, string, error) {
	id, v := r.PathValue("id"), ""
	if !ids.Valid(id) {
		return "", "", fmt.Errorf("docversions: id: %w", errs.NotFound)
	}
	if vid {
		v = r.PathValue("vid")
		if !ids.Valid(v) {
			return "", "", fmt.Errorf("docversions: vid: %w", errs.NotFound)
		}
	}
	return id, v, nil
}

// optionalUser returns the signed-in user's ID, or "" for anonymous.
func optionalUser(r *http.Request) string {
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		return p.User.ID
	}
	return ""
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	id, _, err := pathIDs(r, false)
	if err != nil {
		return err
	}
	list, err := s.List(r.Context(), id, optionalUser(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"versions": list})
	return nil
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	id, _, err := pathIDs(r, false)
	if err != nil {
		return err
	}
	var req struct {
		Name string `json:"name"`
	}
	if err := httpx.DecodeJSON(w, r, &req, 16<<10); err != nil {
		return err
	}
	v, err := s.Create(r.Context(), p.User, id, req.Name)
	if err != nil {
		return err
	}
	s.record(r, p.User, "doc.version_save", id, map[string]any{"version": v.ID, "name": v.Name})
	httpx.WriteJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, vid, err := pathIDs(r, true)
	if err != nil {
		return err
	}
	v, err := s.Get(r.Context(), id, vid, optionalUser(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, v)
	return nil
}

func (s *Service) handleChanges(w http.ResponseWriter, r *http.Request) error {
	id, vid, err := pathIDs(r, true)
	if err != nil {
		return err
	}
	c, err := s.Changes(r.Context(), id, vid, optionalUser(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, c)
	return nil
}

func (s *Service) handleRestore(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	id, vid, err := pathIDs(r, true)
	if err != nil {
		return err
	}
	before, err := s.Restore(r.Context(), p.User, id, vid)
	if err != nil {
		return err
	}
	s.record(r, p.User, "doc.version_restore", id, map[string]any{"version": vid, "before": before.ID})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"before": before})
	return nil
}

// record adds a successful action on docID by actor to the audit log.
func (s *Service) record(r *http.Request, actor identity.User, action, docID string, details map[string]any) {
	if s.opts.Audit == nil {
		return
	}
	s.opts.Audit.Record(r.Context(), r, audit.Event{Action: action, Outcome: audit.Success, ActorID: actor.ID,
		ActorEmail: actor.Email, TargetType: "doc", TargetID: docID, Details: details})
}
