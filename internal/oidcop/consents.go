// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Consent is an application a user allowed to sign them in.
type Consent struct {
	ClientID   string    `json:"client_id"`
	ClientName string    `json:"client_name"`
	Scopes     []string  `json:"scopes"`
	CreatedAt  time.Time `json:"created_at"`
}

// ListConsents returns the applications the user allowed, by name.
func (p *Provider) ListConsents(ctx context.Context, userID string) ([]Consent, error) {
	rows, err := p.db.QueryContext(ctx, `SELECT c.client_id, k.name, c.scopes, c.created_at FROM oidc_consents c
		JOIN oidc_clients k ON k.id = c.client_id WHERE c.user_id = $1 ORDER BY lower(k.name)`, userID)
	if err != nil {
		return nil, fmt.Errorf("oidcop: list consents: %w", err)
	}
	defer rows.Close()
	out := []Consent{}
	for rows.Next() {
		var c Consent
		var scopes, created string
		if err := rows.Scan(&c.ClientID, &c.ClientName, &scopes, &created); err != nil {
			return nil, fmt.Errorf("oidcop: list consents: %w", err)
		}
		c.Scopes = strings.Fields(scopes)
		c.CreatedAt, _ = db.ParseTime(created)
		out = append(out, c)
	}
	return out, rows.Err()
}

// RevokeConsent withdraws the user's permission for an application and
// revokes every token it holds for them: it must ask again next time.
func (p *Provider) RevokeConsent(ctx context.Context, userID, clientID string) error {
	res, err := p.db.ExecContext(ctx, `DELETE FROM oidc_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID)
	if err != nil {
		return fmt.Errorf("oidcop: revoke consent: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("oidcop: consent for %q: %w", clientID, errs.NotFound)
	}
	rows, err := p.db.QueryContext(ctx, `SELECT id FROM oidc_grants WHERE user_id = $1 AND client_id = $2 AND revoked_at = ''`, userID, clientID)
	if err != nil {
		return fmt.Errorf("oidcop: revoke consent: %w", err)
	}
	var grants []string
	for rows.Next() {
		var id string
		if rows.Scan(&id) == nil {
			grants = append(grants, id)
		}
	}
	rows.Close()
	for _, g := range grants {
		if err := p.revokeGrant(ctx, g, clientID, userID); err != nil {
			return err
		}
	}
	return nil
}

// MountAccount registers the user's own consent routes: the account page
// lists the applications they allowed and withdraws permissions.
func (p *Provider) MountAccount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(p.log, f) }
	mux.Handle("GET /api/v1/me/consents", h(func(w http.ResponseWriter, r *http.Request) error {
		me, err := identity.RequireUser(r)
		if err != nil {
			return err
		}
		list, err := p.ListConsents(r.Context(), me.User.ID)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]any{"consents": list})
		return nil
	}))
	mux.Handle("DELETE /api/v1/me/consents/{clientID}", h(func(w http.ResponseWriter, r *http.Request) error {
		me, err := identity.RequireUser(r)
		if err != nil {
			return err
		}
		id := r.PathValue("clientID")
		if err := p.RevokeConsent(r.Context(), me.User.ID, id); err != nil {
			return err
		}
		p.audit.Record(r.Context(), r, audit.Event{Action: "oidc.consent.revoke", ActorID: me.User.ID, ActorEmail: me.User.Email, TargetType: "oidc_client", TargetID: id})
		w.WriteHeader(http.StatusNoContent)
		return nil
	}))
}
