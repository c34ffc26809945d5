// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package webauth signs Ensemble's own web app in through Ensemble's
// OpenID Connect provider, exactly as any other application would: the
// authorization code flow with PKCE, as the built-in public client
// "ensemble-web", then an app session for the browser.
//
// The provider is called in process (its handler behind an http.Client
// transport), so that the flow works whatever the public URL resolves to
// from the server itself, yet every step goes through the real discovery,
// token and JWKS endpoints.
package webauth

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// The routes.
const (
	LoginPath    = "/auth/login"
	CallbackPath = "/auth/callback"
)

// stateCookie carries the flow's state and PKCE verifier between the two
// steps, in this browser only.
const stateCookie = "ensemble_web_flow"

// Service runs the web app's sign-in.
type Service struct {
	users    *identity.Service
	client   *http.Client // reaches the provider in process
	issuer   string
	clientID string
	base     *url.URL
	log      *slog.Logger
}

// New returns the web app's sign-in, through provider (the OpenID Connect
// handler), as clientID, for the server at base.
func New(provider http.Handler, users *identity.Service, clientID string, base *url.URL, log *slog.Logger) *Service {
	return &Service{users: users, client: &http.Client{Transport: inProcess{provider}, Timeout: 10 * time.Second},
		issuer: base.String(), clientID: clientID, base: base, log: log}
}

// inProcess sends requests to a handler instead of the network.
type inProcess struct{ h http.Handler }

func (t inProcess) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// Mount registers the routes on mux.
func (s *Service) Mount(mux *http.ServeMux) {
	mux.HandleFunc("GET "+LoginPath, s.handleLogin)
	mux.HandleFunc("GET "+CallbackPath, s.handleCallback)
}

func (s *Service) config(ctx context.Context) (*oauth2.Config, *oidc.Provider, context.Context, error) {
	ctx = oidc.ClientContext(ctx, s.client)
	p, err := oidc.NewProvider(ctx, s.issuer)
	if err != nil {
		return nil, nil, ctx, err
	}
	return &oauth2.Config{ClientID: s.clientID, Endpoint: p.Endpoint(), RedirectURL: s.base.String() + CallbackPath,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}, p, ctx, nil
}

// handleLogin starts the code flow; return_to says where to land after.
func (s *Service) handleLogin(w http.ResponseWriter, r *http.Request) {
	conf, _, _, err := s.config(r.Context())
	if err != nil {
		s.log.Error("webauth: discovery", "err", err)
		http.Error(w, "Sign-in is unavailable right now. Try again in a moment.", http.StatusServiceUnavailable)
		return
	}
	state, verifier := ids.Secret(""), oauth2.GenerateVerifier()
	returnTo := identity.SafeReturnTo(r.URL.Query().Get("return_to"))
	value := url.Values{"s": {state}, "v": {verifier}, "r": {returnTo}}.Encode()
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Value: url.QueryEscape(value), Path: CallbackPath, MaxAge: 900,
		HttpOnly: true, Secure: s.base.Scheme == "https", SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// handleCallback exchanges the code, verifies the ID token and starts the
// app session, child of the browser's single sign-on session.
func (s *Service) handleCallback(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(stateCookie)
	http.SetCookie(w, &http.Cookie{Name: stateCookie, Path: CallbackPath, MaxAge: -1, HttpOnly: true, Secure: s.base.Scheme == "https"})
	if err != nil {
		s.restart(w, r, "/", errors.New("no flow cookie"))
		return
	}
	raw, _ := url.QueryUnescape(c.Value)
	flow, _ := url.ParseQuery(raw)
	returnTo := identity.SafeReturnTo(flow.Get("r"))
	q := r.URL.Query()
	if q.Get("state") == "" || q.Get("state") != flow.Get("s") {
		s.restart(w, r, returnTo, errors.New("state mismatch"))
		return
	}
	if e := q.Get("error"); e != "" {
		s.restart(w, r, returnTo, errors.New("provider error: "+e))
		return
	}
	conf, provider, ctx, err := s.config(r.Context())
	if err != nil {
		s.restart(w, r, returnTo, err)
		return
	}
	// The token request carries this browser's request context, so the
	// provider sees the same client as for any other application.
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(flow.Get("v")))
	if err != nil {
		s.restart(w, r, returnTo, err)
		return
	}
	rawID, _ := tok.Extra("id_token").(string)
	idt, err := provider.Verifier(&oidc.Config{ClientID: s.clientID}).Verify(ctx, rawID)
	if err != nil {
		s.restart(w, r, returnTo, err)
		return
	}
	u, ssoID, ok := s.users.UserFromSessionCookie(r)
	if !ok || u.ID != idt.Subject {
		s.restart(w, r, returnTo, errors.New("the ID token is not for this browser's signed-in user"))
		return
	}
	if err := s.users.StartAppSession(w, r, u, ssoID); err != nil {
		s.restart(w, r, returnTo, err)
		return
	}
	http.Redirect(w, r, returnTo, http.StatusSeeOther)
}

// restart sends the browser to the login page after a failed flow.
func (s *Service) restart(w http.ResponseWriter, r *http.Request, returnTo string, err error) {
	s.log.Info("webauth: sign-in flow failed", "err", err)
	http.Redirect(w, r, "/login?"+url.Values{"error": {"flow"}, "return_to": {returnTo}}.Encode(), http.StatusSeeOther)
}
