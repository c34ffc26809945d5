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

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

// TestFullFlow drives a standard relying party through discovery,
// authorize with PKCE, login, consent, code exchange, ID token
// verification, userinfo, refresh with rotation and reuse detection,
// introspection, revocation and logout.
func TestFullFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		c, secret := e.client(t, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{"http://127.0.0.1:9999/cb"},
			PostLogoutRedirectURIs: []string{"http://127.0.0.1:9999/bye"}})
		r := e.newRP(t, c, secret)
		b := e.browser(t, r.redirect, "http://127.0.0.1:9999/bye")

		// First login of a third-party client: the consent screen.
		verifier := oauth2.GenerateVerifier()
		resp := e.authorize(t, b, r.cfg.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier), gooidc.Nonce("n0nce")), e.user.Email)
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, "/oauth/consent?") {
			t.Fatalf("got %d to %q, want the consent screen", resp.StatusCode, loc)
		}
		page := get(t, b, e.srv.URL+loc)
		if page.StatusCode != http.StatusOK {
			t.Fatalf("consent page: %d", page.StatusCode)
		}
		cu, _ := url.Parse(loc)
		resp, err := b.PostForm(e.srv.URL+"/oauth/consent", url.Values{"auth_request": {cu.Query().Get("auth_request")}, "decision": {"allow"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		q := callback(t, resp, r.redirect)
		tok, err := r.cfg.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatalf("exchange: %v", err)
		}

		// The ID token, verified by go-oidc.
		raw, _ := tok.Extra("id_token").(string)
		idt, err := r.verifier.Verify(ctx, raw)
		if err != nil {
			t.Fatalf("verify ID token: %v", err)
		}
		var claims struct {
			Email             string   `json:"email"`
			EmailVerified     bool     `json:"email_verified"`
			Name              string   `json:"name"`
			PreferredUsername string   `json:"preferred_username"`
			Groups            []string `json:"groups"`
		}
		idt.Claims(&claims)
		if idt.Subject != e.user.ID || idt.Nonce != "n0nce" || claims.Email != e.user.Email || !claims.EmailVerified ||
			claims.Name != e.user.Name || claims.PreferredUsername != e.user.Email {
			t.Errorf("ID token sub=%q nonce=%q claims=%+v, want the user's", idt.Subject, idt.Nonce, claims)
		}

		// Userinfo.
		ui, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		if err != nil {
			t.Fatalf("userinfo: %v", err)
		}
		var uic map[string]any
		ui.Claims(&uic)
		if ui.Subject != e.user.ID || ui.Email != e.user.Email || uic["groups"] == nil {
			t.Errorf("userinfo %+v, want sub, email and groups", uic)
		}

		// Second login: consent remembered, the browser's session reused.
		tok2 := e.login(t, r, b, e.user.Email)

		// Refresh rotates; the old refresh token replayed revokes the family.
		fresh, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok2.RefreshToken}).Token()
		if err != nil {
			t.Fatalf("refresh: %v", err)
		}
		if fresh.RefreshToken == "" || fresh.RefreshToken == tok2.RefreshToken || fresh.AccessToken == tok2.AccessToken {
			t.Fatalf("refresh did not rotate")
		}
		if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(fresh)); err != nil {
			t.Fatalf("userinfo with the refreshed token: %v", err)
		}
		if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok2.RefreshToken}).Token(); err == nil {
			t.Fatal("a rotated refresh token was accepted again")
		}
		if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: fresh.RefreshToken}).Token(); err == nil {
			t.Fatal("after a replay, the newest refresh token of the family still works")
		}
		if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(fresh)); err == nil {
			t.Fatal("after a replay, the family's access token still works")
		}
		if _, err := r.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err != nil {
			t.Fatalf("another grant's token was revoked too: %v", err)
		}

		// Introspection (client credentials), then revocation.
		if got := introspect(t, e, c.ID, secret, tok.AccessToken); got["active"] != true || got["sub"] != e.user.ID || got["client_id"] != c.ID {
			t.Fatalf("introspect: %v", got)
		}
		if got := introspect(t, e, c.ID, "wrong", tok.AccessToken); got != nil {
			t.Fatalf("introspection with a wrong secret answered %v", got)
		}
		revoke(t, e, c.ID, secret, tok.AccessToken, "access_token")
		if got := introspect(t, e, c.ID, secret, tok.AccessToken); got["active"] != false {
			t.Fatalf("revoked token introspects as %v", got)
		}
		revoke(t, e, c.ID, secret, tok.RefreshToken, "refresh_token")
		if _, err := r.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
			t.Fatal("a revoked refresh token still works")
		}

		// RP-initiated logout ends the Ensemble session and goes only to a registered URI.
		evil := get(t, b, e.srv.URL+"/oauth/end_session?"+url.Values{"id_token_hint": {raw}, "post_logout_redirect_uri": {"https://evil.example/"}}.Encode())
		if strings.HasPrefix(evil.Header.Get("Location"), "https://evil.example") {
			t.Fatal("end_session redirected to an unregistered URI")
		}
		out := get(t, b, e.srv.URL+"/oauth/end_session?"+url.Values{"id_token_hint": {raw},
			"post_logout_redirect_uri": {"http://127.0.0.1:9999/bye"}, "state": {"s"}}.Encode())
		if loc := out.Header.Get("Location"); loc != "http://127.0.0.1:9999/bye?state=s" {
			t.Fatalf("end_session: %d to %q", out.StatusCode, loc)
		}
		again := get(t, b, r.cfg.AuthCodeURL("x", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if !strings.HasPrefix(again.Header.Get("Location"), "/login?") {
			t.Fatalf("after logout, authorize went to %q, not the login page", again.Header.Get("Location"))
		}
	})
}

func introspect(t *testing.T, e *env, id, secret, token string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/oauth/introspect", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func revoke(t *testing.T, e *env, id, secret, token, hint string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL+"/oauth/revoke", strings.NewReader(url.Values{"token": {token}, "token_type_hint": {hint}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("revoke: %d", resp.StatusCode)
	}
}
