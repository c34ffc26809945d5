// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/httpmw"
)

// consentText holds the consent screen's words in the UI's languages.
var consentText = map[string]map[string]string{
	"en": {
		"title": "Allow %s to sign you in?", "intro": "You are signed in to Ensemble as %s. %s asks to:",
		"allow": "Allow", "deny": "Deny", "note": "You can withdraw this permission at any time from your account page.",
		"openid": "Know who you are (an identifier that never changes)", "profile": "See your name, username and language",
		"email": "See your email address", "offline_access": "Stay connected when you are away", "groups": "See the teams you belong to",
	},
	"fr": {
		"title": "Autoriser %s à vous connecter ?", "intro": "Vous êtes connecté à Ensemble en tant que %s. %s demande à :",
		"allow": "Autoriser", "deny": "Refuser", "note": "Vous pouvez retirer cette autorisation à tout moment depuis votre page de compte.",
		"openid": "Savoir qui vous êtes (un identifiant qui ne change jamais)", "profile": "Voir votre nom, votre identifiant et votre langue",
		"email": "Voir votre adresse e-mail", "offline_access": "Rester connecté en votre absence", "groups": "Voir les équipes dont vous êtes membre",
	},
	"de": {
		"title": "%s erlauben, Sie anzumelden?", "intro": "Sie sind bei Ensemble als %s angemeldet. %s möchte:",
		"allow": "Erlauben", "deny": "Ablehnen", "note": "Sie können diese Erlaubnis jederzeit auf Ihrer Kontoseite widerrufen.",
		"openid": "Wissen, wer Sie sind (eine Kennung, die sich nie ändert)", "profile": "Ihren Namen, Benutzernamen und Ihre Sprache sehen",
		"email": "Ihre E-Mail-Adresse sehen", "offline_access": "Verbunden bleiben, wenn Sie abwesend sind", "groups": "Die Teams sehen, denen Sie angehören",
	},
}

// consentLanguage picks the user's language, else the browser's, else English.
func consentLanguage(r *http.Request, locale string) string {
	if _, ok := consentText[locale]; ok {
		return locale
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.Split(part, ";")[0]))
		if len(tag) >= 2 {
			if _, ok := consentText[tag[:2]]; ok {
				return tag[:2]
			}
		}
	}
	return "en"
}

// consentTemplate is the consent screen: a plain form, no script (the CSP
// allows none inline); inline styles are allowed.
var consentTemplate = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Ensemble</title></head>
<body style="font-family: system-ui, sans-serif; margin: 0; padding: 4rem 1rem; line-height: 1.5; color: #1b1b1f; background: #f4f5fa">
<main style="max-width: 30rem; margin: 0 auto; background: #fff; border: 1px solid #dcdde6; border-radius: 12px; padding: 2rem 2.25rem">
<p style="margin: 0 0 1rem; font-weight: 700; color: #2f4fd8">Ensemble</p>
<h1 style="font-size: 1.4rem">{{.Title}}</h1>
<p>{{.Intro}}</p>
<ul>{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<form method="post" action="/oauth/consent">
<input type="hidden" name="auth_request" value="{{.ID}}">
<button type="submit" name="decision" value="allow" style="padding: .5rem 1.2rem; margin-right: .5rem; background: #2f4fd8; color: #fff; border: 0; border-radius: 6px; font: inherit">{{.Allow}}</button>
<button type="submit" name="decision" value="deny" style="padding: .5rem 1.2rem; background: #fff; color: #1b1b1f; border: 1px solid #8a8a96; border-radius: 6px; font: inherit">{{.Deny}}</button>
</form>
<p style="color: #4a4a55; font-size: .9rem">{{.Note}}</p>
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
	lang := consentLanguage(r, u.Locale)
	t := consentText[lang]
	var lines []string
	for _, s := range a.scopes {
		if line, ok := t[s]; ok {
			lines = append(lines, line)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// Browsers apply form-action to every redirect after the form is sent:
	// the answer ends at the application, so its origin must be allowed.
	w.Header().Set("Content-Security-Policy", strings.Replace(httpmw.ContentSecurityPolicy,
		"form-action 'self'", "form-action 'self' "+formActionSource(a.redirectURI), 1))
	consentTemplate.Execute(w, map[string]any{"Lang": lang, "Title": fmt.Sprintf(t["title"], c.Name),
		"Intro": fmt.Sprintf(t["intro"], u.Email, c.Name), "Scopes": lines, "ID": id,
		"Allow": t["allow"], "Deny": t["deny"], "Note": t["note"]})
}

// formActionSource is the CSP source that lets the consent form's
// redirects reach a redirect URI: its origin, or its scheme for the custom
// schemes of native applications.
func formActionSource(redirectURI string) string {
	u, err := url.Parse(redirectURI)
	if err != nil || u.Scheme == "" {
		return ""
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		return u.Scheme + "://" + u.Host
	}
	return u.Scheme + ":"
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
