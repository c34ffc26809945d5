// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

const testPassword = "correct horse battery staple"

var identityClient = identity.Client{IP: "127.0.0.1", UserAgent: "test"}

// clock is a time the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a real HTTP server holding the provider and identity's routes.
type env struct {
	d     *db.DB
	users *identity.Service
	p     *oidcop.Provider
	srv   *httptest.Server
	clock *clock
	user  identity.User
	audit *audit.Log
}

func newEnv(t *testing.T, d *db.DB) *env { t.Helper(); return newEnvAt(t, d, "") }

// newEnvAt is newEnv with a given issuer: a second node of the same
// deployment answers on its own address but with the first one's issuer.
func newEnvAt(t *testing.T, d *db.DB, issuerURL string) *env {
	t.Helper()
	e := &env{d: d, clock: &clock{t: time.Now()}}
	var handler http.Handler
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(e.srv.Close)
	if issuerURL == "" {
		issuerURL = e.srv.URL
	}
	issuer, _ := url.Parse(issuerURL)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.audit = audit.New(d, log)
	e.users = identity.New(d, e.audit, log, identity.Options{BaseURL: issuer, Now: e.clock.Now,
		Argon2: identity.Argon2Params{Memory: 64, Time: 1, Threads: 1}})
	p, err := oidcop.NewWithOptions(t.Context(), d, e.users, e.audit, log, issuer, oidcop.Options{Now: e.clock.Now})
	if err != nil {
		t.Fatalf("oidcop.New: %v", err)
	}
	e.p = p
	e.users.SetBearerVerifier(p.VerifyAccessToken)
	app := http.NewServeMux()
	p.MountAdmin(app)
	e.users.Mount(app)
	root := http.NewServeMux()
	p.MountProtocol(root)
	root.Handle("/", e.users.Authenticate(app))
	handler = root
	e.user = e.newUser(t, "agent@example.org", false)
	return e
}

func (e *env) newUser(t *testing.T, email string, admin bool) identity.User {
	t.Helper()
	u, err := e.users.CreateUser(t.Context(), identity.NewUser{Email: email, Name: "Agent Smith", Password: testPassword, Admin: admin, EmailVerified: true})
	if errors.Is(err, errs.Conflict) { // a second node on the same database
		u, err = e.users.UserByEmail(t.Context(), email)
	}
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// rp is a standard relying party: go-oidc and x/oauth2, not our code.
type rp struct {
	cfg      oauth2.Config
	provider *gooidc.Provider
	verifier *gooidc.IDTokenVerifier
	redirect string
}

func (e *env) client(t *testing.T, n oidcop.NewClient) (oidcop.Client, string) {
	t.Helper()
	c, secret, err := e.p.CreateClient(t.Context(), n)
	if err != nil {
		t.Fatalf("CreateClient: %v", err)
	}
	return c, secret
}

func (e *env) newRP(t *testing.T, c oidcop.Client, secret string) *rp {
	t.Helper()
	ctx := t.Context()
	provider, err := gooidc.NewProvider(ctx, e.p.Issuer())
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	return &rp{
		cfg: oauth2.Config{ClientID: c.ID, ClientSecret: secret, Endpoint: provider.Endpoint(), RedirectURL: c.RedirectURIs[0],
			Scopes: []string{gooidc.ScopeOpenID, "profile", "email", gooidc.ScopeOfflineAccess, "groups"}},
		provider: provider,
		verifier: provider.Verifier(&gooidc.Config{ClientID: c.ID, Now: e.clock.Now}),
		redirect: c.RedirectURIs[0],
	}
}

// browser is a cookie-keeping HTTP client that stops at the login page and
// at the relying party's redirect URI.
func (e *env) browser(t *testing.T, stopAt ...string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == "/login" || req.URL.Path == "/oauth/consent" || len(via) > 10 {
			return http.ErrUseLastResponse
		}
		for _, s := range stopAt {
			if strings.HasPrefix(req.URL.String(), s) {
				return http.ErrUseLastResponse
			}
		}
		return nil
	}}
}

// signIn logs the user in as identity's login form would, and puts the
// session cookie in the browser.
func (e *env) signIn(t *testing.T, b *http.Client, email string) {
	t.Helper()
	_, secret, _, err := e.users.Login(t.Context(), email, testPassword, identity.Client{IP: "127.0.0.1", UserAgent: "test"})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	u, _ := url.Parse(e.srv.URL)
	b.Jar.SetCookies(u, []*http.Cookie{{Name: e.users.SSOCookieName(), Value: secret, Path: "/"}})
}

func get(t *testing.T, b *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := b.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if testing.Verbose() && resp.StatusCode >= 400 || resp.StatusCode == 200 && strings.Contains(string(body), "problem") {
		t.Logf("GET %s: %d %s", u, resp.StatusCode, body)
	}
	return resp
}

// authorize runs the browser through authorize, login (as email) and, if
// asked, consent; it returns the last response, which normally redirects
// to the RP with a code.
func (e *env) authorize(t *testing.T, b *http.Client, authURL, email string) *http.Response {
	t.Helper()
	resp := get(t, b, authURL)
	if loc := resp.Header.Get("Location"); strings.HasPrefix(loc, "/login?") {
		e.signIn(t, b, email)
		lu, _ := url.Parse(loc)
		resp = get(t, b, e.srv.URL+lu.Query().Get("return_to"))
	}
	return resp
}

// callback returns the query the provider sent to the RP.
func callback(t *testing.T, resp *http.Response, redirect string) url.Values {
	t.Helper()
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, redirect) {
		t.Fatalf("got %d to %q, want a redirect to %s", resp.StatusCode, loc, redirect)
	}
	u, _ := url.Parse(loc)
	return u.Query()
}

// login runs a whole authorization with PKCE and returns the tokens.
func (e *env) login(t *testing.T, r *rp, b *http.Client, email string) *oauth2.Token {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	resp := e.authorize(t, b, r.cfg.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier), gooidc.Nonce("n0nce")), email)
	q := callback(t, resp, r.redirect)
	if q.Get("state") != "st4te" || q.Get("code") == "" {
		t.Fatalf("callback %v: want the state and a code", q)
	}
	tok, err := r.cfg.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("code exchange: %v", err)
	}
	return tok
}
