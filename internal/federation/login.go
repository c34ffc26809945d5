// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package federation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// loginTTL is how long a person has to sign in upstream.
const loginTTL = 10 * time.Minute

// stateCookie binds a login in progress to the browser that started it, so
// that nobody can make a victim's browser finish a login the attacker began.
const stateCookie = "ensemble_upstream_state"

// discover returns the upstream's OpenID configuration, cached.
func (s *Service) discover(ctx context.Context, p Provider) (*oidc.Provider, error) {
	s.mu.Lock()
	op, ok := s.cache[p.ID]
	s.mu.Unlock()
	if ok {
		return op, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	op, err := oidc.NewProvider(ctx, p.Issuer)
	if err != nil {
		return nil, fmt.Errorf("federation: discovery at %s: %w: %w", p.Issuer, errs.Unavailable, err)
	}
	s.mu.Lock()
	s.cache[p.ID] = op
	s.mu.Unlock()
	return op, nil
}

func (s *Service) oauthConfig(p Provider, op *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: p.ClientID, ClientSecret: p.secret, Endpoint: op.Endpoint(), RedirectURL: s.RedirectURI(), Scopes: p.Scopes}
}

// handleStart sends the browser to the upstream provider.
func (s *Service) handleStart(w http.ResponseWriter, r *http.Request) {
	returnTo := identity.SafeReturnTo(r.URL.Query().Get("return_to"))
	p, err := s.ProviderByID(r.Context(), r.PathValue("id"))
	if err != nil || !p.Enabled {
		s.fail(w, r, "unknown_provider", err, returnTo)
		return
	}
	op, err := s.discover(r.Context(), p)
	if err != nil {
		s.fail(w, r, "provider_unreachable", err, returnTo)
		return
	}
	state, nonce, verifier := ids.Secret(""), ids.Secret(""), oauth2.GenerateVerifier()
	now := time.Now()
	_, err = s.db.ExecContext(r.Context(), `INSERT INTO upstream_logins (state_hash, provider_id, verifier, nonce, return_to, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, ids.Hash(state), p.ID, verifier, nonce, returnTo, db.Time(now.Add(loginTTL)))
	if err != nil {
		s.fail(w, r, "internal", err, returnTo)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: state, Path: CallbackPath, MaxAge: int(loginTTL / time.Second),
		HttpOnly: true, Secure: s.base.Scheme == "https", SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, s.oauthConfig(p, op).AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)), http.StatusFound)
}

// handleCallback finishes an upstream login: checks the state against the
// browser, exchanges the code with its PKCE verifier, verifies the ID token
// and its nonce, finds or creates the account, and starts a session.
func (s *Service) handleCallback(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	state := q.Get("state")
	returnTo := "/"
	c, err := r.Cookie(stateCookie)
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: CallbackPath, MaxAge: -1, HttpOnly: true, Secure: s.base.Scheme == "https"})
	if err != nil || state == "" || c.Value != state {
		s.fail(w, r, "state_mismatch", errors.New("state missing or not this browser's"), returnTo)
		return
	}
	var providerID, verifier, nonce, expires string
	err = s.db.QueryRowContext(ctx, `SELECT provider_id, verifier, nonce, return_to, expires_at FROM upstream_logins WHERE state_hash = $1`,
		ids.Hash(state)).Scan(&providerID, &verifier, &nonce, &returnTo, &expires)
	if err == nil {
		res, derr := s.db.ExecContext(ctx, `DELETE FROM upstream_logins WHERE state_hash = $1`, ids.Hash(state))
		if n, _ := res.RowsAffected(); derr != nil || n == 0 {
			err = sql.ErrNoRows // used by a concurrent callback
		}
	}
	if e, _ := db.ParseTime(expires); err != nil || time.Now().After(e) {
		s.fail(w, r, "login_expired", err, returnTo)
		return
	}
	if upErr := q.Get("error"); upErr != "" {
		s.fail(w, r, "upstream_refused", fmt.Errorf("upstream error %q: %s", upErr, q.Get("error_description")), returnTo)
		return
	}
	p, err := s.ProviderByID(ctx, providerID)
	if err != nil || !p.Enabled {
		s.fail(w, r, "unknown_provider", err, returnTo)
		return
	}
	op, err := s.discover(ctx, p)
	if err != nil {
		s.fail(w, r, "provider_unreachable", err, returnTo)
		return
	}
	tok, err := s.oauthConfig(p, op).Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		s.fail(w, r, "exchange_failed", err, returnTo)
		return
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID}).Verify(ctx, raw)
	if err != nil || idt.Nonce != nonce {
		s.fail(w, r, "invalid_id_token", errors.Join(err, errors.New("nonce mismatch")), returnTo)
		return
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		s.fail(w, r, "invalid_id_token", err, returnTo)
		return
	}
	if _, ok := claims[p.EmailClaim]; !ok {
		// Some providers put the email only in userinfo.
		if info, err := op.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			info.Claims(&claims)
		}
	}
	u, err := s.accountFor(ctx, p, idt.Issuer, idt.Subject, claims)
	if err != nil {
		s.audit.Record(ctx, r, audit.Event{Action: "login", Outcome: audit.Failure, Details: map[string]any{"method": "upstream", "provider": p.Name, "reason": err.Error()}})
		s.fail(w, r, reasonOf(err), err, returnTo)
		return
	}
	if err := s.users.StartSession(w, r, u, "upstream:"+p.Name); err != nil {
		s.fail(w, r, "account_disabled", err, returnTo)
		return
	}
	http.Redirect(w, r, identity.AfterSignIn(returnTo), http.StatusSeeOther)
}

// fail sends the browser back to the login page, which explains reason,
// keeping where the person was going.
func (s *Service) fail(w http.ResponseWriter, r *http.Request, reason string, err error, returnTo string) {
	s.log.Info("federation: upstream login failed", "reason", reason, "err", err)
	v := url.Values{"error": {"upstream"}, "reason": {reason}}
	if returnTo != "/" {
		v.Set("return_to", returnTo)
	}
	http.Redirect(w, r, "/login?"+v.Encode(), http.StatusSeeOther)
}

func claimString(claims map[string]any, name string) string {
	v, _ := claims[name].(string)
	return strings.TrimSpace(v)
}
