// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
)

// scopeText says in words what each scope lets the application see.
var scopeText = map[string]string{
	"openid":         "Know who you are (an identifier that never changes)",
	"profile":        "Your name, username and language",
	"email":          "Your email address",
	"offline_access": "Stay connected when you are away",
	"groups":         "The teams you belong to",
}

// consentTemplate is the consent screen: a plain form, no script (the CSP
// allows none inline); inline styles are allowed.
var consentTemplate = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Allow {{.Client}}? · Ensemble</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<h1 style="font-size: 1.4rem">Allow {{.Client}} to sign you in?</h1>
<p>You are signed in to Ensemble as <strong>{{.Email}}</strong>. {{.Client}} asks to:</p>
<ul>{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<form method="post" action="/oauth/consent">
<input type="hidden" name="auth_request" value="{{.ID}}">
<button type="submit" name="decision" value="allow" style="padding: .5rem 1.2rem; margin-right: .5rem">Allow</button>
<button type="submit" name="decision" value="deny" style="padding: .5rem 1.2rem">Deny</button>
</form>
<p style="color: #555; font-size: .9rem">You can withdraw this permission from your account page.</p>
</main></body></html>`))

// handleConsentPage shows the consent screen of a pending request.
func (p *Provider) handleConsentPage(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("auth_request")
	a, ok := p.pendingRequest(w, r, id)
	if !ok {
		return
	}
	u, _, signedIn := p.users.UserFromSessionCookie(r)
	if !signedIn || u.ID != a.userID {
		p.errorPage(w, r, http.StatusForbidden, "Sign in again from the application.")
		return
	}
	c, err := p.ClientByID(r.Context(), a.clientID)
	if err != nil {
		p.errorPage(w, r, http.StatusBadRequest, "This application is no longer registered.")
		return
	}
	var lines []string
	for _, s := range a.scopes {
		if t, ok := scopeText[s]; ok {
			lines = append(lines, t)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	consentTemplate.Execute(w, map[string]any{"Client": c.Name, "Email": u.Email, "Scopes": lines, "ID": id})
}

// handleConsentPost records the user's answer. Cross-site posts are
// refused by the server's cross-origin protection, and the request must
// come from the browser that opened it, signed in as the same user.
func (p *Provider) handleConsentPost(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	id := r.PostForm.Get("auth_request")
	a, ok := p.pendingRequest(w, r, id)
	if !ok {
		return
	}
	u, _, signedIn := p.users.UserFromSessionCookie(r)
	if !signedIn || u.ID != a.userID {
		p.errorPage(w, r, http.StatusForbidden, "Sign in again from the application.")
		return
	}
	if r.PostForm.Get("decision") != "allow" {
		p.audit.Record(r.Context(), r, audit.Event{Action: "oidc.consent", Outcome: audit.Failure, ActorID: u.ID, ActorEmail: u.Email,
			TargetType: "oidc_client", TargetID: a.clientID, Details: map[string]any{"reason": "denied"}})
		p.denied(w, r, a)
		return
	}
	if err := p.saveConsent(r.Context(), u.ID, a.clientID, a.scopes); err != nil {
		p.log.Error("oidcop: save consent", "err", err)
		p.errorPage(w, r, http.StatusInternalServerError, "Something went wrong on our side. It has been logged.")
		return
	}
	p.audit.Record(r.Context(), r, audit.Event{Action: "oidc.consent", ActorID: u.ID, ActorEmail: u.Email,
		TargetType: "oidc_client", TargetID: a.clientID, Details: map[string]any{"scopes": strings.Join(a.scopes, " ")}})
	p.finish(w, r, id)
}

// saveConsent adds scopes to what the user allowed the client.
func (p *Provider) saveConsent(ctx context.Context, userID, clientID string, scopes []string) error {
	var old string
	p.db.QueryRowContext(ctx, `SELECT scopes FROM oidc_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID).Scan(&old)
	all := strings.Fields(old)
	for _, s := range scopes {
		if !slices.Contains(all, s) {
			all = append(all, s)
		}
	}
	_, err := p.db.ExecContext(ctx, `INSERT INTO oidc_consents (user_id, client_id, scopes, created_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (user_id, client_id) DO UPDATE SET scopes = excluded.scopes, created_at = excluded.created_at`,
		userID, clientID, strings.Join(all, " "), db.Time(p.now()))
	if err != nil {
		return fmt.Errorf("oidcop: save consent: %w", err)
	}
	return nil
}
