// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// MountAdmin registers the administrators' JSON API for clients
// (/api/v1/admin/oidc-clients); it needs identity's Authenticate middleware.
func (p *Provider) MountAdmin(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(p.log, f) }
	mux.Handle("GET /api/v1/admin/oidc-clients", h(p.handleListClients))
	mux.Handle("POST /api/v1/admin/oidc-clients", h(p.handleCreateClient))
	mux.Handle("PATCH /api/v1/admin/oidc-clients/{id}", h(p.handleUpdateClient))
	mux.Handle("DELETE /api/v1/admin/oidc-clients/{id}", h(p.handleDeleteClient))
}

func (p *Provider) handleListClients(w http.ResponseWriter, r *http.Request) error {
	if _, err := identity.RequireAdmin(r); err != nil {
		return err
	}
	cs, err := p.ListClients(r.Context())
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"clients": cs})
	return nil
}

// createdClient is the answer to creating a client: a confidential
// client's secret is in it, and nowhere else ever again.
type createdClient struct {
	Client Client `json:"client"`
	Secret string `json:"client_secret,omitempty"`
}

// handleCreateClient answers the new client with its secret, shown only once.
func (p *Provider) handleCreateClient(w http.ResponseWriter, r *http.Request) error {
	admin, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	var n NewClient
	if err := httpx.DecodeJSON(w, r, &n, 64<<10); err != nil {
		return err
	}
	c, secret, err := p.CreateClient(r.Context(), n)
	if err != nil {
		return err
	}
	p.audit.Record(r.Context(), r, audit.Event{Action: "oidc_client.create", ActorID: admin.User.ID, ActorEmail: admin.User.Email,
		TargetType: "oidc_client", TargetID: c.ID, Details: map[string]any{"name": c.Name, "public": c.Public, "trusted": c.Trusted}})
	httpx.WriteJSON(w, http.StatusCreated, createdClient{Client: c, Secret: secret})
	return nil
}

func (p *Provider) handleUpdateClient(w http.ResponseWriter, r *http.Request) error {
	admin, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	var patch ClientPatch
	if err := httpx.DecodeJSON(w, r, &patch, 64<<10); err != nil {
		return err
	}
	c, err := p.UpdateClient(r.Context(), r.PathValue("id"), patch)
	if err != nil {
		return err
	}
	p.audit.Record(r.Context(), r, audit.Event{Action: "oidc_client.update", ActorID: admin.User.ID, ActorEmail: admin.User.Email,
		TargetType: "oidc_client", TargetID: c.ID})
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"client": c})
	return nil
}

func (p *Provider) handleDeleteClient(w http.ResponseWriter, r *http.Request) error {
	admin, err := identity.RequireAdmin(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := p.DeleteClient(r.Context(), id); err != nil {
		return err
	}
	p.audit.Record(r.Context(), r, audit.Event{Action: "oidc_client.delete", ActorID: admin.User.ID, ActorEmail: admin.User.Email,
		TargetType: "oidc_client", TargetID: id})
	w.WriteHeader(http.StatusNoContent)
	return nil
}
