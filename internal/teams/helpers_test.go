// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

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

// env is a teams service over a real database, with its identity service
// and the clock both follow.
type env struct {
	s     *Service
	users *identity.Service
	audit *audit.Log
	clock *clock
	d     *db.DB
}

const pw = "correct horse battery"

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	log := slog.New(slog.DiscardHandler)
	a := audit.New(d, log)
	base := &url.URL{Scheme: "http", Host: "ensemble.test"}
	users := identity.New(d, a, log, identity.Options{BaseURL: base, Argon2: identity.Argon2Params{Memory: 64, Time: 1, Threads: 1}, Now: c.Now})
	s := New(d, users, a, log, base)
	s.now = c.Now
	return &env{s: s, users: users, audit: a, clock: c, d: d}
}

func (e *env) user(t *testing.T, email string, admin bool) identity.User {
	t.Helper()
	u, err := e.users.CreateUser(t.Context(), identity.NewUser{Email: email, Name: "Agent " + strings.Split(email, "@")[0], Password: pw, Admin: admin})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (e *env) team(t *testing.T, owner identity.User, name string) Team {
	t.Helper()
	tm, err := e.s.CreateTeam(t.Context(), owner, name, "")
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func (e *env) add(t *testing.T, actor identity.User, teamID string, u identity.User, role Role) {
	t.Helper()
	if _, err := e.s.AddMember(t.Context(), actor, teamID, u.ID, role); err != nil {
		t.Fatalf("AddMember(%s, %s) = %v", u.Email, role, err)
	}
}

// server is the identity and teams routes behind identity's
// authentication, as internal/server mounts them.
type server struct {
	*env
	url string
}

func newServer(t *testing.T, d *db.DB) *server {
	t.Helper()
	e := newEnv(t, d)
	mux := http.NewServeMux()
	e.users.Mount(mux)
	e.s.Mount(mux)
	// What the web app's sign-in (package webauth) does at the end of its
	// code flow with the OpenID Connect provider: an app session, child of
	// the browser's single sign-on session. The flow itself is tested in
	// webauth and internal/server.
	mux.HandleFunc("POST /test/app-session", func(w http.ResponseWriter, r *http.Request) {
		u, ssoID, ok := e.users.UserFromSessionCookie(r)
		if !ok {
			http.Error(w, "no single sign-on session", http.StatusUnauthorized)
			return
		}
		if err := e.users.StartAppSession(w, r, u, ssoID); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	})
	ts := httptest.NewServer(e.users.Authenticate(mux))
	t.Cleanup(ts.Close)
	return &server{env: e, url: ts.URL}
}

// cookie returns the cookie named name that resp sets, or nil.
func cookie(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name && c.Value != "" {
			return c
		}
	}
	return nil
}

// login signs email in through identity's JSON login, then gets the app
// session the API reads, and returns its cookie.
func (ts *server) login(t *testing.T, email string) *http.Cookie {
	t.Helper()
	resp, _ := ts.do(t, nil, "POST", "/login", `{"email":"`+email+`","password":"`+pw+`"}`)
	sso := cookie(resp, ts.users.SSOCookieName())
	if sso == nil {
		t.Fatalf("login %s = %d, no single sign-on cookie", email, resp.StatusCode)
	}
	return ts.appSession(t, sso)
}

// appSession turns a single sign-on cookie into an app session cookie.
func (ts *server) appSession(t *testing.T, sso *http.Cookie) *http.Cookie {
	t.Helper()
	resp, _ := ts.do(t, sso, "POST", "/test/app-session", "")
	app := cookie(resp, ts.users.CookieName())
	if app == nil {
		t.Fatalf("app session = %d, no cookie", resp.StatusCode)
	}
	return app
}

// do sends a JSON request with cookie c (if not nil) and returns the
// response and its decoded body (nil if it is not JSON).
func (ts *server) do(t *testing.T, c *http.Cookie, method, path, body string) (*http.Response, map[string]any) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, ts.url+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if c != nil {
		req.AddCookie(c)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return resp, out
}

// errCode returns the error code of a JSON error body.
func errCode(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}
