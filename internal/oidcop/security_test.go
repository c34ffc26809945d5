// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

const cb = "http://127.0.0.1:9999/cb"

// trustedRP is a trusted confidential client (no consent screen).
func trustedRP(t *testing.T, e *env) (*rp, oidcop.Client, string) {
	t.Helper()
	c, secret := e.client(t, oidcop.NewClient{Name: "Tickets", RedirectURIs: []string{cb}, Trusted: true})
	return e.newRP(t, c, secret), c, secret
}

func TestRedirectURIExactMatch(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	r, _, _ := trustedRP(t, e)
	b := e.browser(t, "http://127.0.0.1:9999", "https://evil.example")
	for _, bad := range []string{cb + "/more", cb + "x", cb + "?x=1", "http://127.0.0.1:9999/CB", "https://evil.example/cb", "http://127.0.0.1:9998/cb", "//evil.example/cb"} {
		cfg := r.cfg
		cfg.RedirectURL = bad
		resp := get(t, b, cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if loc := resp.Header.Get("Location"); loc != "" {
			t.Errorf("redirect_uri %q: redirected to %q, want an error page", bad, loc)
		}
	}
	// After login, the code is bound to the redirect URI of the request.
	verifier := oauth2.GenerateVerifier()
	q := callback(t, e.authorize(t, b, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), e.user.Email), cb)
	cfg := r.cfg
	cfg.RedirectURL = cb + "/other"
	if _, err := cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(verifier)); err == nil {
		t.Error("a code was exchanged with another redirect_uri")
	}
	// login-complete only ever goes to the library's callback, never to a given URL.
	resp := get(t, b, e.srv.URL+"/oauth/login-complete?auth_request=nope&return_to=https://evil.example/")
	if loc := resp.Header.Get("Location"); loc != "" {
		t.Errorf("login-complete with an unknown request redirected to %q", loc)
	}
}

func TestPKCE(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	r, _, _ := trustedRP(t, e)
	b := e.browser(t, cb)
	code := func(opts ...oauth2.AuthCodeOption) string {
		return callback(t, e.authorize(t, b, r.cfg.AuthCodeURL("s", opts...), e.user.Email), cb).Get("code")
	}
	v := oauth2.GenerateVerifier()
	if _, err := r.cfg.Exchange(context.Background(), code(oauth2.S256ChallengeOption(v))); err == nil {
		t.Error("a code with a challenge was exchanged without a verifier")
	}
	if _, err := r.cfg.Exchange(context.Background(), code(oauth2.S256ChallengeOption(v)), oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil {
		t.Error("a code was exchanged with the wrong verifier")
	}
	// plain is refused at authorize, with an error sent to the (registered) redirect URI.
	q := callback(t, get(t, b, r.cfg.AuthCodeURL("s", oauth2.SetAuthURLParam("code_challenge", v), oauth2.SetAuthURLParam("code_challenge_method", "plain"))), cb)
	if q.Get("error") != "invalid_request" || q.Get("code") != "" {
		t.Errorf("plain PKCE: %v, want invalid_request", q)
	}

	// A public client must use PKCE.
	pc, _ := e.client(t, oidcop.NewClient{Name: "App", RedirectURIs: []string{"http://127.0.0.1/app"}, Public: true, Trusted: true})
	pr := e.newRP(t, pc, "")
	pb := e.browser(t, "http://127.0.0.1/app")
	q = callback(t, e.authorize(t, pb, pr.cfg.AuthCodeURL("s"), e.user.Email), "http://127.0.0.1/app")
	if q.Get("error") != "invalid_request" || q.Get("code") != "" {
		t.Errorf("public client without PKCE: %v, want invalid_request", q)
	}
	tok := e.login(t, pr, pb, e.user.Email)
	if tok.AccessToken == "" {
		t.Error("public client with PKCE got no token")
	}
}

func TestCodeReuseRevokesTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r, _, _ := trustedRP(t, e)
		b := e.browser(t, cb)
		v := oauth2.GenerateVerifier()
		q := callback(t, e.authorize(t, b, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), e.user.Email), cb)
		ctx := context.Background()
		tok, err := r.cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.p.VerifyAccessToken(ctx, tok.AccessToken); err != nil {
			t.Fatalf("a trusted client's token is refused by the API: %v", err)
		}
		if _, err := r.cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v)); err == nil {
			t.Fatal("a code was exchanged twice")
		}
		if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Error("the access token of a replayed code still works")
		}
		if _, err := e.p.VerifyAccessToken(ctx, tok.AccessToken); err == nil {
			t.Error("the API still accepts the access token of a replayed code")
		}
		if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
			t.Error("the refresh token of a replayed code still works")
		}
	})
}

func TestExpiry(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	r, _, _ := trustedRP(t, e)
	b := e.browser(t, cb)
	ctx := context.Background()
	tok := e.login(t, r, b, e.user.Email)
	e.clock.Add(61 * time.Minute)
	if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		t.Error("an expired access token works at userinfo")
	}
	if _, err := e.p.VerifyAccessToken(ctx, tok.AccessToken); err == nil {
		t.Error("an expired access token works at the API")
	}
	// The refresh token still lives, then expires too.
	if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	tok = e.login(t, r, b, e.user.Email)
	e.clock.Add(31 * 24 * time.Hour)
	if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Error("an expired refresh token works")
	}
	// An authorization code lives a minute.
	b = e.browser(t, cb)
	v := oauth2.GenerateVerifier()
	q := callback(t, e.authorize(t, b, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), e.user.Email), cb)
	e.clock.Add(2 * time.Minute)
	if _, err := r.cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v)); err == nil {
		t.Error("an expired code was exchanged")
	}
}

func TestDisabledUser(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	r, _, _ := trustedRP(t, e)
	b := e.browser(t, cb)
	ctx := context.Background()
	tok := e.login(t, r, b, e.user.Email)
	// A code obtained before the account was disabled is refused too.
	v := oauth2.GenerateVerifier()
	q := callback(t, e.authorize(t, b, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), e.user.Email), cb)
	if err := e.users.SetDisabled(t.Context(), e.user.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := r.cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v)); err == nil {
		t.Error("a disabled user's code was exchanged")
	}
	if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
		t.Error("a disabled user's access token works at userinfo")
	}
	if _, err := e.p.VerifyAccessToken(ctx, tok.AccessToken); err == nil {
		t.Error("a disabled user's access token works at the API")
	}
	if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Error("a disabled user's refresh token works")
	}
	// Their browser session no longer completes a login, and they cannot log in again.
	resp := get(t, b, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(v)))
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login?") {
		t.Errorf("a disabled user's session went on to %q", loc)
	}
	if _, _, _, err := e.users.Login(t.Context(), e.user.Email, testPassword, identityClient); err == nil {
		t.Error("a disabled user logged in")
	}
}

func TestKeyRotation(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	r, _, _ := trustedRP(t, e)
	b := e.browser(t, cb)
	ctx := context.Background()
	old := e.login(t, r, b, e.user.Email)
	if err := e.p.RotateKeys(ctx); err != nil {
		t.Fatal(err)
	}
	fresh := e.login(t, r, b, e.user.Email)
	kids := jwksKeyIDs(t, e)
	if len(kids) != 2 {
		t.Fatalf("JWKS after rotation has %d keys, want the new and the old", len(kids))
	}
	for _, tok := range []*oauth2.Token{old, fresh} {
		if _, err := r.verifier.Verify(ctx, tok.Extra("id_token").(string)); err != nil {
			t.Errorf("ID token no longer verifies after rotation: %v", err)
		}
		if _, err := e.p.VerifyAccessToken(ctx, tok.AccessToken); err != nil {
			t.Errorf("access token no longer verifies after rotation: %v", err)
		}
	}
	// Once every token the old key signed has expired, it is pruned.
	e.clock.Add(3 * time.Hour)
	if err := e.p.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.p.RotateKeys(ctx); err != nil { // reloads the cache
		t.Fatal(err)
	}
	if n := len(jwksKeyIDs(t, e)); n != 2 {
		t.Errorf("JWKS has %d keys after pruning, want 2 (the newest and the one it replaced)", n)
	}
}

func jwksKeyIDs(t *testing.T, e *env) []string {
	t.Helper()
	resp, err := http.Get(e.srv.URL + "/oauth/keys")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var set struct {
		Keys []struct {
			Kid string `json:"kid"`
			Alg string `json:"alg"`
		} `json:"keys"`
	}
	json.NewDecoder(resp.Body).Decode(&set)
	var out []string
	for _, k := range set.Keys {
		out = append(out, k.Kid)
	}
	return out
}

func TestUnknownClient(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	b := e.browser(t, cb)
	resp := get(t, b, e.srv.URL+"/oauth/authorize?"+url.Values{"client_id": {"nope"}, "redirect_uri": {cb}, "response_type": {"code"},
		"scope": {"openid"}, "code_challenge": {"x"}, "code_challenge_method": {"S256"}}.Encode())
	if loc := resp.Header.Get("Location"); loc != "" || resp.StatusCode < 400 {
		t.Errorf("unknown client: %d to %q, want an error page", resp.StatusCode, loc)
	}
	cfg := oauth2.Config{ClientID: "nope", ClientSecret: "x", Endpoint: oauth2.Endpoint{TokenURL: e.srv.URL + "/oauth/token"}, RedirectURL: cb}
	if _, err := cfg.Exchange(context.Background(), "whatever"); err == nil || !strings.Contains(err.Error(), "invalid") {
		t.Errorf("token endpoint with an unknown client: %v", err)
	}
	// A known client with a wrong secret.
	r, _, _ := trustedRP(t, e)
	v := oauth2.GenerateVerifier()
	q := callback(t, e.authorize(t, b, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), e.user.Email), cb)
	r.cfg.ClientSecret = "ens_cs_wrong"
	if _, err := r.cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v)); err == nil {
		t.Error("a wrong client secret was accepted")
	}
}

// TestBrowserBinding: another person's browser cannot complete (or
// consent to) an auth request someone else started.
func TestBrowserBinding(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c, secret := e.client(t, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{cb}})
	r := e.newRP(t, c, secret)
	attacker := e.browser(t, cb)
	resp := get(t, attacker, r.cfg.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	lu, _ := url.Parse(resp.Header.Get("Location"))
	next := lu.Query().Get("return_to")
	if !strings.HasPrefix(next, "/oauth/login-complete?") {
		t.Fatalf("login page return_to = %q", next)
	}
	victim := e.browser(t, cb)
	e.signIn(t, victim, e.user.Email)
	if resp := get(t, victim, e.srv.URL+next); resp.StatusCode != http.StatusForbidden {
		t.Errorf("victim completing the attacker's request: %d to %q, want 403", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Nor can the victim's browser re-bind it through the login link.
	loginLink := strings.Replace(next, "/oauth/login-complete", "/oauth/login", 1)
	if resp := get(t, victim, e.srv.URL+loginLink); resp.StatusCode != http.StatusForbidden {
		t.Errorf("second browser on the login link: %d, want 403", resp.StatusCode)
	}
}

func TestConsentDeny(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c, secret := e.client(t, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{cb}})
	r := e.newRP(t, c, secret)
	b := e.browser(t, cb)
	resp := e.authorize(t, b, r.cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()), gooidc.Nonce("n")), e.user.Email)
	cu, _ := url.Parse(resp.Header.Get("Location"))
	resp, err := b.PostForm(e.srv.URL+"/oauth/consent", url.Values{"auth_request": {cu.Query().Get("auth_request")}, "decision": {"deny"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	q := callback(t, resp, cb)
	if q.Get("error") != "access_denied" || q.Get("state") != "st" || q.Get("code") != "" {
		t.Errorf("deny: %v, want access_denied with the state", q)
	}
}

// TestThirdPartyTokenNotForAPI: Ensemble's API accepts only tokens of
// trusted (first-party) clients.
func TestThirdPartyTokenNotForAPI(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	c, secret := e.client(t, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{cb}, Trusted: false})
	if _, err := e.p.UpdateClient(t.Context(), c.ID, oidcop.ClientPatch{Trusted: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	r := e.newRP(t, c, secret)
	tok := e.login(t, r, e.browser(t, cb), e.user.Email)
	if _, err := e.p.UpdateClient(t.Context(), c.ID, oidcop.ClientPatch{Trusted: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.p.VerifyAccessToken(t.Context(), tok.AccessToken); err == nil {
		t.Error("the API accepted a third-party client's token")
	}
	if _, err := r.provider.UserInfo(t.Context(), oauth2.StaticTokenSource(tok)); err != nil {
		t.Errorf("userinfo refused a third-party token: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }
