// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Mount registers the Docs routes on mux (see docs/docs.md). They expect
// identity's Authenticate middleware in front; reading a document with a
// public link needs no sign-in.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler {
		return httpx.Handle(s.log, func(w http.ResponseWriter, r *http.Request) error {
			return f(w, r.WithContext(withRequest(r.Context(), r)))
		})
	}
	mux.Handle("GET /api/v1/docs", h(s.handleList))
	mux.Handle("POST /api/v1/docs", h(s.handleCreate))
	mux.Handle("GET /api/v1/docs/{id}", h(s.handleGet))
	mux.Handle("PATCH /api/v1/docs/{id}", h(s.handlePatch))
	mux.Handle("DELETE /api/v1/docs/{id}", h(s.handleDelete))
	mux.Handle("POST /api/v1/docs/{id}/restore", h(s.handleRestore))
	mux.Handle("GET /api/v1/docs/{id}/children", h(s.handleChildren))
	mux.Handle("POST /api/v1/docs/{id}/move", h(s.handleMove))
	mux.Handle("POST /api/v1/docs/{id}/duplicate", h(s.handleDuplicate))
	mux.Handle("PUT /api/v1/docs/{id}/favorite", h(s.handleFavorite(true)))
	mux.Handle("DELETE /api/v1/docs/{id}/favorite", h(s.handleFavorite(false)))
	mux.Handle("GET /api/v1/docs/{id}/accesses", h(s.handleAccesses))
	mux.Handle("POST /api/v1/docs/{id}/accesses", h(s.handleAddAccess))
	mux.Handle("PATCH /api/v1/docs/{id}/accesses/{aid}", h(s.handlePatchAccess))
	mux.Handle("DELETE /api/v1/docs/{id}/accesses/{aid}", h(s.handleDeleteAccess))
	mux.Handle("GET /api/v1/docs/{id}/invitations", h(s.handleInvitations))
	mux.Handle("DELETE /api/v1/docs/{id}/invitations/{iid}", h(s.handleRevokeInvitation))
	mux.Handle("POST /api/v1/docs/{id}/access-requests", h(s.handleRequestAccess))
	mux.Handle("GET /api/v1/docs/{id}/access-requests", h(s.handleAccessRequests))
	mux.Handle("POST /api/v1/docs/{id}/access-requests/{rid}/accept", h(s.handleAcceptRequest))
	mux.Handle("DELETE /api/v1/docs/{id}/access-requests/{rid}", h(s.handleRefuseRequest))
}

// docID returns the request's {id}, errs.NotFound for one that cannot be.
func docID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if !ids.Valid(id) {
		return "", fmt.Errorf("docs: %s: %w", name, errs.NotFound)
	}
	return id, nil
}

// userAndDoc returns the signed-in user and the request's document ID.
func userAndDoc(r *http.Request) (identity.User, string, error) {
	p, err := identity.RequireUser(r)
	if err != nil {
		return identity.User{}, "", err
	}
	id, err := docID(r, "id")
	return p.User, id, err
}

// optionalUser returns the signed-in user's ID, or "" for anonymous.
func optionalUser(r *http.Request) string {
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		return p.User.ID
	}
	return ""
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	var docs []Doc
	if parent := r.URL.Query().Get("parent_id"); parent != "" {
		if !ids.Valid(parent) {
			return fmt.Errorf("docs: parent_id: %w", errs.NotFound)
		}
		docs, err = s.Children(r.Context(), parent, p.User.ID)
	} else {
		docs, err = s.List(r.Context(), p.User.ID, r.URL.Query().Get("filter"))
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"docs": docs})
	return nil
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	var req struct {
		Title    string  `json:"title"`
		ParentID *string `json:"parent_id"`
	}
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	parent := ""
	if req.ParentID != nil && *req.ParentID != "" {
		if !ids.Valid(*req.ParentID) {
			return fmt.Errorf("docs: parent_id: %w", errs.NotFound)
		}
		parent = *req.ParentID
	}
	d, err := s.CreateUnder(r.Context(), p.User.ID, parent, req.Title)
	if err != nil {
		return err
	}
	s.record(r.Context(), p.User, "doc.create", d.ID, nil)
	httpx.WriteJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := docID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Get(r.Context(), id, optionalUser(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *Service) handleChildren(w http.ResponseWriter, r *http.Request) error {
	id, err := docID(r, "id")
	if err != nil {
		return err
	}
	docs, err := s.Children(r.Context(), id, optionalUser(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"docs": docs})
	return nil
}

func (s *Service) handlePatch(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	var p Patch
	if err := httpx.DecodeJSON(w, r, &p, 64<<10); err != nil {
		return err
	}
	d, err := s.Update(r.Context(), u, id, p)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("permanent") {
	case "", "false":
		err = s.Trash(r.Context(), u, id)
	case "true":
		err = s.Purge(r.Context(), u, id)
	default:
		return errs.Explain(errs.Invalid, "permanent: true or false")
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleRestore(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	d, err := s.Restore(r.Context(), u, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *Service) handleMove(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	var req struct {
		ParentID *string `json:"parent_id"`
		Position *int    `json:"position"`
	}
	if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
		return err
	}
	parent, pos := "", -1
	if req.ParentID != nil && *req.ParentID != "" {
		if !ids.Valid(*req.ParentID) {
			return fmt.Errorf("docs: parent_id: %w", errs.NotFound)
		}
		parent = *req.ParentID
	}
	if req.Position != nil {
		pos = *req.Position
	}
	d, err := s.Move(r.Context(), u, id, parent, pos)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, d)
	return nil
}

func (s *Service) handleDuplicate(w http.ResponseWriter, r *http.Request) error {
	u, id, err := userAndDoc(r)
	if err != nil {
		return err
	}
	var req struct {
		WithChildren bool `json:"with_children"`
	}
	if r.ContentLength != 0 {
		if err := httpx.DecodeJSON(w, r, &req, 64<<10); err != nil {
			return err
		}
	}
	d, err := s.Duplicate(r.Context(), u, id, req.WithChildren)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Service) handleFavorite(on bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, id, err := userAndDoc(r)
		if err != nil {
			return err
		}
		if err := s.SetFavorite(r.Context(), id, u.ID, on); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}
