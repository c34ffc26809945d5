// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package federation

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Mount registers the federation routes on mux.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.HandleFunc("GET /auth/upstream/{id}/start", s.handleStart)
	mux.HandleFunc("GET "+CallbackPath, s.handleCallback)
	mux.Handle("GET /api/v1/auth/providers", h(s.handlePublicList))
	mux.Handle("GET /api/v1/admin/upstream-providers", h(s.handleAdminList))
	mux.Handle("POST /api/v1/admin/upstream-providers", h(s.handleAdminCreate))
	mux.Handle("PATCH /api/v1/admin/upstream-providers/{id}", h(s.handleAdminUpdate))
	mux.Handle("DELETE /api/v1/admin/upstream-providers/{id}", h(s.handleAdminDelete))
}

// button is a "Sign in with …" button of the login page: Start is where
// the browser goes to sign in with the provider.
type button struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Start string `json:"start"`
}

// handlePublicList gives the login page its "Sign in with …" buttons.
func (s *Service) handlePublicList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.ListProviders(r.Context(), true)
	if err != nil {
		return err
	}
	out := []button{}
	for _, p := range list {
		out = append(out, button{p.ID, p.Name, "/auth/upstream/" + p.ID + "/start"})
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"providers": out})
	return nil
}

func (s *Service) handleAdminList(w http.ResponseWriter, r *http.Request) error {
	if _, err := identity.RequireAdmin(r); err != nil {
		return err
	}
	list, err := s.ListProviders(r.Context(), false)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"providers": list, "redirect_uri": s.RedirectURI()})
	return nil
}

func (s *Service) handleAdminCreate(w http.ResponseWriter, r *http.Request) error {
	admin, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	var in ProviderInput
	if err := httpx.DecodeJSON(w, r, &in, 0); err != nil {
		return err
	}
	p, err := s.CreateProvider(r.Context(), in)
	if err != nil {
		return err
	}
	s.record(r, admin, "admin.upstream.create", p)
	httpx.WriteJSON(w, http.StatusCreated, map[string]any{"provider": p, "redirect_uri": s.RedirectURI()})
	return nil
}

func (s *Service) handleAdminUpdate(w http.ResponseWriter, r *http.Request) error {
	admin, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	var in ProviderInput
	if err := httpx.DecodeJSON(w, r, &in, 0); err != nil {
		return err
	}
	p, err := s.UpdateProvider(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	s.record(r, admin, "admin.upstream.update", p)
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"provider": p})
	return nil
}

func (s *Service) handleAdminDelete(w http.ResponseWriter, r *http.Request) error {
	admin, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	p, err := s.ProviderByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.DeleteProvider(r.Context(), p.ID); err != nil {
		return err
	}
	s.record(r, admin, "admin.upstream.delete", p)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) record(r *http.Request, admin identity.Principal, action string, p Provider) {
	s.audit.Record(r.Context(), r, audit.Event{Action: action, ActorID: admin.User.ID, ActorEmail: admin.User.Email,
		TargetType: "upstream_provider", TargetID: p.ID, Details: map[string]any{"name": p.Name, "issuer": p.Issuer, "link_existing": p.LinkExisting}})
}
