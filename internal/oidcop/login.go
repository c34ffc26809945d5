// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// browserCookie names the cookie that binds one auth request to the
// browser that started it, so that nobody can make another person's
// login complete a flow they started (login CSRF).
func browserCookie(authRequestID string) string {
	return "ensemble_oidc_" + ids.Hash(authRequestID)[:16]
}

func (p *Provider) secure() bool { return p.issuer.Scheme == "https" }

// handleLogin is the client's login URL: it binds the auth request to this
// browser, then shows the login page, or goes straight on when the
// browser is already signed in.
func (p *Provider) handleLogin(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("auth_request")
	if _, err := p.authRequestByID(r.Context(), id); err != nil {
		p.errorPage(w, r, http.StatusBadRequest, "This sign-in request is unknown or has expired. Go back to the application and start again.")
		return
	}
	secret := ids.Secret("")
	if err := p.bindBrowser(r.Context(), id, ids.Hash(secret)); err != nil {
		p.errorPage(w, r, http.StatusForbidden, "This sign-in request was opened in another browser. Go back to the application and start again.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: browserCookie(id), Value: secret, Path: "/oauth/", MaxAge: int(p.opts.AuthRequestTTL.Seconds()),
		HttpOnly: true, Secure: p.secure(), SameSite: http.SameSiteLaxMode})
	next := pathLoginComplete + "?auth_request=" + url.QueryEscape(id)
	if _, _, ok := p.users.UserFromSessionCookie(r); ok {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/login?return_to="+url.QueryEscape(next), http.StatusSeeOther)
}

// pendingRequest checks that r comes from the browser that opened the auth
// request and is signed in, and returns the request.
func (p *Provider) pendingRequest(w http.ResponseWriter, r *http.Request, id string) (*authRequest, bool) {
	a, err := p.authRequestByID(r.Context(), id)
	if err != nil {
		p.errorPage(w, r, http.StatusBadRequest, "This sign-in request is unknown or has expired. Go back to the application and start again.")
		return nil, false
	}
	c, err := r.Cookie(browserCookie(id))
	if err != nil || a.browserHash == "" || subtle.ConstantTimeCompare([]byte(ids.Hash(c.Value)), []byte(a.browserHash)) != 1 {
		p.errorPage(w, r, http.StatusForbidden, "This sign-in request was started in another browser. Go back to the application and start again.")
		return nil, false
	}
	return a, true
}

// handleLoginComplete is where /login returns: it attaches the signed-in
// user to the auth request, then asks for consent or finishes.
func (p *Provider) handleLoginComplete(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("auth_request")
	a, ok := p.pendingRequest(w, r, id)
	if !ok {
		return
	}
	u, _, signedIn := p.users.UserFromSessionCookie(r) // disabled users have no session
	if !signedIn || u.Disabled {
		http.Redirect(w, r, "/login?return_to="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	if err := p.bindUser(r.Context(), id, u.ID); err != nil {
		p.errorPage(w, r, http.StatusConflict, "This sign-in request is already complete.")
		return
	}
	client, err := p.ClientByID(r.Context(), a.clientID)
	if err != nil {
		p.errorPage(w, r, http.StatusBadRequest, "This application is no longer registered.")
		return
	}
	if !client.Trusted {
		consented, err := p.hasConsent(r.Context(), u.ID, client.ID, a.scopes)
		if err != nil {
			p.errorPage(w, r, http.StatusInternalServerError, "Something went wrong on our side. It has been logged.")
			p.log.Error("oidcop: read consent", "err", err)
			return
		}
		if !consented {
			http.Redirect(w, r, pathConsent+"?auth_request="+url.QueryEscape(id), http.StatusSeeOther)
			return
		}
	}
	p.finish(w, r, id)
}

// finish lets the library answer the client with a code.
func (p *Provider) finish(w http.ResponseWriter, r *http.Request, id string) {
	if err := p.markDone(r.Context(), id); err != nil {
		p.errorPage(w, r, http.StatusInternalServerError, "Something went wrong on our side. It has been logged.")
		p.log.Error("oidcop: complete auth request", "err", err)
		return
	}
	http.Redirect(w, r, op.AuthCallbackURL(p.op)(op.ContextWithIssuer(r.Context(), p.Issuer()), id), http.StatusSeeOther)
}

// endSession ends the Ensemble session of the browser when the ID token
// hint names its user (without a hint the request could come from any
// site), and returns where to send the browser: a registered post-logout
// URI, already checked by the library, or the home page.
func (p *Provider) endSession(ctx context.Context, req *op.EndSessionRequest) (string, error) {
	pair, ok := ctx.Value(requestKey{}).(requestPair)
	if ok && req.UserID != "" {
		if u, sid, signedIn := p.users.UserFromSessionCookie(pair.r); signedIn && u.ID == req.UserID {
			// The single sign-on session ends with the app sessions it started.
			if err := p.users.EndSSOSession(ctx, u.ID, sid); err != nil {
				return "", fmt.Errorf("oidcop: end session: %w", err)
			}
			for _, name := range []string{p.users.SSOCookieName(), p.users.CookieName()} {
				http.SetCookie(pair.w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
					Secure: p.secure(), SameSite: http.SameSiteLaxMode})
			}
			p.audit.Record(ctx, pair.r, audit.Event{Action: "logout", ActorID: u.ID, ActorEmail: u.Email, TargetType: "session",
				TargetID: sid, Details: map[string]any{"via": "oidc_end_session", "client": req.ClientID}})
		}
	}
	return req.RedirectURI, nil
}

var errorTemplate = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign-in problem · Ensemble</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
<h1 style="font-size: 1.4rem">Sign-in problem</h1><p>{{.}}</p><p><a href="/">Ensemble home</a></p></body></html>`))

// errorPage answers a browser step that cannot go on; it never redirects
// anywhere the request names.
func (p *Provider) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	p.log.Debug("oidcop: browser step refused", "path", r.URL.Path, "status", status)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	errorTemplate.Execute(w, msg)
}

// hasConsent reports whether the user already allowed the client every one of scopes.
func (p *Provider) hasConsent(ctx context.Context, userID, clientID string, scopes []string) (bool, error) {
	var granted string
	err := p.db.QueryRowContext(ctx, `SELECT scopes FROM oidc_consents WHERE user_id = $1 AND client_id = $2`, userID, clientID).Scan(&granted)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return false, nil
		}
		return false, fmt.Errorf("oidcop: consent: %w", err)
	}
	have := strings.Fields(granted)
	for _, s := range scopes {
		if !slices.Contains(have, s) {
			return false, nil
		}
	}
	return true, nil
}

// denied answers the client that the user refused.
func (p *Provider) denied(w http.ResponseWriter, r *http.Request, a *authRequest) {
	ctx := op.ContextWithIssuer(r.Context(), p.Issuer())
	op.AuthRequestError(w, r.WithContext(ctx), a, oidc.ErrAccessDenied().WithDescription("The user refused."), p.op)
}
