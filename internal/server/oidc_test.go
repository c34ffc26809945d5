// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

// A third-party application configured with only the discovery URL, a
// client id and a secret signs a user in through the real login form:
// discovery, authorize with PKCE, POST /login, consent, code exchange, ID
// token verification, userinfo, refresh and logout — all done by a standard
// relying party (go-oidc and x/oauth2), not by our code.
func TestThirdPartyAppSignsInThroughTheLoginForm(t *testing.T) {
	ts := start(t, nil)
	ctx := t.Context()
	u := ts.user(t, "agent@mairie.fr", false)
	const redirect = "http://127.0.0.1:1/callback" // never dialled: the test stops at it
	client, secret, err := ts.OIDC().CreateClient(ctx, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{redirect}, PostLogoutRedirectURIs: []string{"http://127.0.0.1:1/bye"}})
	if err != nil {
		t.Fatal(err)
	}

	provider, err := oidc.NewProvider(ctx, ts.url)
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	conf := oauth2.Config{ClientID: client.ID, ClientSecret: secret, Endpoint: provider.Endpoint(), RedirectURL: redirect,
		Scopes: []string{oidc.ScopeOpenID, "profile", "email", oidc.ScopeOfflineAccess, "groups"}}
	team, err := ts.Teams().CreateTeam(ctx, u, "Service état civil", "")
	if err != nil {
		t.Fatal(err)
	}
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier), oidc.Nonce("n0nce"))

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), "http://127.0.0.1:1/") {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	// The browser lands on the login page, carrying where to go next.
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/login" {
		t.Fatalf("authorize led to %s; want the login page", resp.Request.URL)
	}
	returnTo := resp.Request.URL.Query().Get("return_to")
	// The person fills in the form.
	resp, err = browser.PostForm(ts.url+"/login", url.Values{"email": {"agent@mairie.fr"}, "password": {testPassword}, "return_to": {returnTo}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	// A third-party client asks for consent first.
	if resp.Request.URL.Path != "/oauth/consent" {
		t.Fatalf("after login: %s (%d); want the consent page", resp.Request.URL, resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' http://127.0.0.1:1;") {
		t.Errorf("consent page CSP %q does not let its form's redirects reach the application", csp)
	}
	consent := resp.Request.URL
	resp, err = browser.PostForm(ts.url+"/oauth/consent", url.Values{"auth_request": {consent.Query().Get("auth_request")}, "decision": {"allow"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode/100 != 3 || loc == nil || loc.Query().Get("state") != "st4te" || loc.Query().Get("code") == "" {
		t.Fatalf("after consent: %d to %q; want a redirect to the app with code and state", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The application's back end exchanges the code and verifies the ID token.
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	rawID, _ := tok.Extra("id_token").(string)
	idToken, err := provider.Verifier(&oidc.Config{ClientID: client.ID}).Verify(ctx, rawID)
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	var claims struct {
		Email string `json:"email"`
		Name  string `json:"name"`
		Nonce string `json:"nonce"`
	}
	idToken.Claims(&claims)
	if idToken.Subject != u.ID || claims.Email != "agent@mairie.fr" || claims.Nonce != "n0nce" {
		t.Fatalf("ID token sub %q claims %+v", idToken.Subject, claims)
	}
	info, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil || info.Subject != u.ID || info.Email != "agent@mairie.fr" {
		t.Fatalf("userinfo = %+v, %v", info, err)
	}
	var groups struct{ Groups []string }
	info.Claims(&groups)
	if len(groups.Groups) != 1 || groups.Groups[0] != team.ID {
		t.Fatalf("groups claim = %v; want the team %s", groups.Groups, team.ID)
	}
	// Refresh gives new tokens.
	expired := *tok
	expired.Expiry = expired.Expiry.Add(-24 * 3600e9)
	refreshed, err := conf.TokenSource(context.Background(), &expired).Token()
	if err != nil || refreshed.AccessToken == tok.AccessToken || refreshed.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh: %v", err)
	}
	// The person sees the application in their account, and withdrawing the
	// permission revokes its tokens.
	_, app := ts.login(t, "agent@mairie.fr", testPassword)
	r, body := ts.do(t, "GET", "/api/v1/me/consents", nil, map[string]string{"Cookie": app.String()})
	if r.StatusCode != 200 || !strings.Contains(string(body), `"client_name":"Wiki"`) {
		t.Fatalf("consents = %d %s", r.StatusCode, body)
	}
	r, _ = ts.do(t, "DELETE", "/api/v1/me/consents/"+client.ID, nil, map[string]string{"Cookie": app.String()})
	if r.StatusCode != 204 {
		t.Fatalf("revoke consent = %d", r.StatusCode)
	}
	if _, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(refreshed)); err == nil {
		t.Fatal("the application's token still works after the consent was withdrawn")
	}
	// RP-initiated logout ends the Ensemble session and returns to the app.
	end := ts.url + "/oauth/end_session?" + url.Values{"id_token_hint": {rawID}, "post_logout_redirect_uri": {"http://127.0.0.1:1/bye"}, "client_id": {client.ID}}.Encode()
	resp, err = browser.Get(end)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !strings.HasPrefix(resp.Header.Get("Location"), "http://127.0.0.1:1/bye") {
		t.Fatalf("end_session = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	me, _ := browser.Get(ts.url + "/api/v1/me")
	me.Body.Close()
	if me.StatusCode != 401 {
		t.Fatalf("/api/v1/me after logout = %d; want 401", me.StatusCode)
	}
}
