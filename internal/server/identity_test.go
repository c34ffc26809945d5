// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

const testPassword = "correct horse battery"

func (ts *testServer) user(t *testing.T, email string, admin bool) identity.User {
	t.Helper()
	u, err := ts.Identity().CreateUser(t.Context(), identity.NewUser{Email: email, Name: "Agent", Password: testPassword, Admin: admin})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// login signs a browser in as a person would: the login form, then the web
// app's own code flow with the OpenID Connect provider. It returns the
// login form's response and the app session cookie (nil if refused).
func (ts *testServer) login(t *testing.T, email, password string) (*http.Response, *http.Cookie) {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}, "return_to": {"/docs/7"}}
	req, _ := http.NewRequest("POST", ts.url+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	jar, _ := cookiejar.New(nil)
	var first *http.Response
	browser := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if first == nil {
			first = r.Response
		}
		return nil
	}}
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if first == nil {
		return resp, nil
	}
	if resp.Request.URL.Path != "/docs/7" {
		t.Fatalf("signed-in browser landed on %s; want /docs/7", resp.Request.URL)
	}
	u, _ := url.Parse(ts.url)
	for _, c := range jar.Cookies(u) {
		if c.Name == "ensemble_session" {
			return first, c
		}
	}
	return first, nil
}

func TestLoginForm(t *testing.T) {
	ts := start(t, nil)
	ts.user(t, "agent@mairie.fr", false)
	resp, cookie := ts.login(t, "agent@mairie.fr", testPassword)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/auth/login?return_to=%2Fdocs%2F7" || cookie == nil {
		t.Fatalf("login = %d to %q, cookie %v", resp.StatusCode, resp.Header.Get("Location"), cookie)
	}
	var sso *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "ensemble_sso" {
			sso = c
		}
	}
	if sso == nil || !sso.HttpOnly || sso.SameSite != http.SameSiteLaxMode || sso.Path != "/" {
		t.Errorf("single sign-on cookie flags: %+v", sso)
	}
	// The SSO cookie alone does not open the API: only the app session the
	// web app got from the provider does.
	if r, _ := ts.do(t, "GET", "/api/v1/me", nil, map[string]string{"Cookie": sso.String()}); r.StatusCode != 401 {
		t.Errorf("/api/v1/me with the SSO cookie = %d; want 401", r.StatusCode)
	}
	// The session works for the API, and a second login gets another id.
	r2, body := ts.do(t, "GET", "/api/v1/me", nil, map[string]string{"Cookie": cookie.String()})
	if r2.StatusCode != 200 || !strings.Contains(string(body), `"email":"agent@mairie.fr"`) {
		t.Fatalf("/api/v1/me = %d %s", r2.StatusCode, body)
	}
	_, cookie2 := ts.login(t, "agent@mairie.fr", testPassword)
	if cookie2 == nil || cookie2.Value == cookie.Value {
		t.Fatal("a second login reused the session id")
	}
	// The web app asks who is signed in without an error for visitors.
	if r, body := ts.do(t, "GET", "/api/v1/auth/session", nil, nil); r.StatusCode != 200 || !strings.Contains(string(body), `"user":null`) {
		t.Errorf("anonymous session = %d %s", r.StatusCode, body)
	}
	if r, body := ts.do(t, "GET", "/api/v1/auth/session", nil, map[string]string{"Cookie": cookie.String()}); r.StatusCode != 200 || !strings.Contains(string(body), `"agent@mairie.fr"`) {
		t.Errorf("signed-in session = %d %s", r.StatusCode, body)
	}
	// Logout ends it.
	ts.do(t, "POST", "/logout", nil, map[string]string{"Cookie": cookie.String(), "Accept": "application/json", "Sec-Fetch-Site": "same-origin"})
	if r, _ := ts.do(t, "GET", "/api/v1/me", nil, map[string]string{"Cookie": cookie.String()}); r.StatusCode != 401 {
		t.Fatalf("/api/v1/me after logout = %d", r.StatusCode)
	}
}

func TestLoginRefusals(t *testing.T) {
	ts := start(t, nil)
	ts.user(t, "agent@mairie.fr", false)
	// Unknown email and wrong password: the same answer.
	json := map[string]string{"Content-Type": "application/json", "Accept": "application/json"}
	r1, b1 := ts.do(t, "POST", "/login", strings.NewReader(`{"email":"nobody@mairie.fr","password":"whatever whatever"}`), json)
	r2, b2 := ts.do(t, "POST", "/login", strings.NewReader(`{"email":"agent@mairie.fr","password":"whatever whatever"}`), json)
	if r1.StatusCode != 401 || r2.StatusCode != 401 || decodeError(t, b1).Error.Message != decodeError(t, b2).Error.Message {
		t.Fatalf("unknown email %d %s vs wrong password %d %s", r1.StatusCode, b1, r2.StatusCode, b2)
	}
	// An open redirect through return_to goes home instead.
	form := url.Values{"email": {"agent@mairie.fr"}, "password": {testPassword}, "return_to": {"//evil.example/"}}
	req, _ := http.NewRequest("POST", ts.url+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil || resp.Header.Get("Location") != "/auth/login?return_to=%2F" {
		t.Fatalf("return_to //evil.example = %v %v", resp.Header.Get("Location"), err)
	}
	// A login form posted from another site is refused (login CSRF).
	r, body := ts.do(t, "POST", "/login", strings.NewReader(form.Encode()), map[string]string{
		"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"})
	if r.StatusCode != 403 || len(r.Cookies()) != 0 {
		t.Fatalf("cross-site login = %d %s", r.StatusCode, body)
	}
	// Past the budget: 429 with Retry-After, even with the right password.
	for range 5 {
		ts.do(t, "POST", "/login", strings.NewReader(`{"email":"agent@mairie.fr","password":"guess guess guess"}`), json)
	}
	r, body = ts.do(t, "POST", "/login", strings.NewReader(`{"email":"agent@mairie.fr","password":"`+testPassword+`"}`), json)
	if r.StatusCode != 429 || r.Header.Get("Retry-After") == "" || decodeError(t, body).Error.Code != "too_many_requests" {
		t.Fatalf("rate limited login = %d %q %s", r.StatusCode, r.Header.Get("Retry-After"), body)
	}
	// A malformed body is a 400, not a failed login.
	if r, _ := ts.do(t, "POST", "/login", strings.NewReader(`{"email":`), json); r.StatusCode != 400 {
		t.Fatalf("malformed JSON login = %d", r.StatusCode)
	}
}

func TestBearerTokens(t *testing.T) {
	ts := start(t, nil)
	u := ts.user(t, "dev@mairie.fr", false)
	_, secret, err := ts.Identity().CreateToken(t.Context(), u.ID, "script", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	bearer := map[string]string{"Authorization": "Bearer " + secret}
	if r, body := ts.do(t, "GET", "/api/v1/me", nil, bearer); r.StatusCode != 200 || !strings.Contains(string(body), `"via":"token"`) {
		t.Fatalf("/api/v1/me with a token = %d %s", r.StatusCode, body)
	}
	// A token cannot mint tokens.
	if r, _ := ts.do(t, "POST", "/api/v1/me/tokens", strings.NewReader(`{"name":"more"}`), map[string]string{"Authorization": "Bearer " + secret, "Content-Type": "application/json"}); r.StatusCode != 403 {
		t.Fatalf("token creating a token = %d; want 403", r.StatusCode)
	}
	for _, bad := range []string{"ens_pat_forged", "garbage", ""} {
		r, body := ts.do(t, "GET", "/api/v1/me", nil, map[string]string{"Authorization": "Bearer " + bad})
		if r.StatusCode != 401 || decodeError(t, body).Error.Code == "" {
			t.Errorf("bearer %q = %d %s", bad, r.StatusCode, body)
		}
	}
	// A disabled user's token stops working at once.
	ts.Identity().SetDisabled(t.Context(), u.ID, true)
	if r, _ := ts.do(t, "GET", "/api/v1/me", nil, bearer); r.StatusCode != 401 {
		t.Fatalf("token of a disabled user = %d", r.StatusCode)
	}
}

func TestAdminRoutes(t *testing.T) {
	ts := start(t, nil)
	ts.user(t, "admin@mairie.fr", true)
	ts.user(t, "agent@mairie.fr", false)
	_, admin := ts.login(t, "admin@mairie.fr", testPassword)
	_, agent := ts.login(t, "agent@mairie.fr", testPassword)
	ts.login(t, "agent@mairie.fr", "not the password")
	h := func(c *http.Cookie) map[string]string {
		return map[string]string{"Cookie": c.String(), "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}
	}
	for _, path := range []string{"/api/v1/admin/users", "/api/v1/admin/audit"} {
		if r, _ := ts.do(t, "GET", path, nil, h(agent)); r.StatusCode != 403 {
			t.Errorf("agent GET %s = %d; want 403", path, r.StatusCode)
		}
		if r, _ := ts.do(t, "GET", path, nil, nil); r.StatusCode != 401 {
			t.Errorf("anonymous GET %s = %d; want 401", path, r.StatusCode)
		}
	}
	r, body := ts.do(t, "POST", "/api/v1/admin/users", strings.NewReader(`{"email":"new@mairie.fr","name":"New Agent"}`), h(admin))
	var created struct{ User identity.User }
	json.Unmarshal(body, &created)
	if r.StatusCode != 201 || created.User.HasPassword {
		t.Fatalf("create user = %d %s", r.StatusCode, body)
	}
	r, body = ts.do(t, "POST", "/api/v1/admin/users", strings.NewReader(`{"email":"not-an-email","name":"X"}`), h(admin))
	if e := decodeError(t, body); r.StatusCode != 400 || !strings.Contains(e.Error.Message, "valid email") {
		t.Errorf("bad email = %d %s; want 400 saying what a valid email is", r.StatusCode, body)
	}
	r, body = ts.do(t, "POST", "/api/v1/admin/users", strings.NewReader(`{"email":"new@mairie.fr","name":"Twin"}`), h(admin))
	if e := decodeError(t, body); r.StatusCode != 409 || !strings.Contains(e.Error.Message, "already exists") {
		t.Errorf("duplicate email = %d %s", r.StatusCode, body)
	}
	r, body = ts.do(t, "POST", "/api/v1/admin/users/"+created.User.ID+"/reset-link", nil, h(admin))
	if r.StatusCode != 201 || !strings.Contains(string(body), ts.Server.URL().String()+"/reset-password/ens_r_") {
		t.Fatalf("reset link = %d %s", r.StatusCode, body)
	}
	me, _ := ts.Identity().UserByEmail(t.Context(), "admin@mairie.fr")
	if r, _ := ts.do(t, "PATCH", "/api/v1/admin/users/"+me.ID, strings.NewReader(`{"disabled":true}`), h(admin)); r.StatusCode != 409 {
		t.Errorf("admin disabling themselves = %d; want 409", r.StatusCode)
	}
	r, body = ts.do(t, "GET", "/api/v1/admin/audit?action=login&outcome=failure", nil, h(admin))
	if r.StatusCode != 200 || !strings.Contains(string(body), `"reason":"bad_password"`) {
		t.Fatalf("audit = %d %s", r.StatusCode, body)
	}
	r, body = ts.do(t, "GET", "/api/v1/admin/audit?actor_email=AGENT@", nil, h(admin))
	if !strings.Contains(string(body), `"actor_email":"agent@mairie.fr"`) || strings.Contains(string(body), `"actor_email":"admin@mairie.fr"`) {
		t.Errorf("audit by actor email = %s", body)
	}
	r, body = ts.do(t, "GET", "/api/v1/admin/audit?format=jsonl", nil, h(admin))
	lines := strings.Split(strings.TrimSpace(string(body)), "\n")
	if r.StatusCode != 200 || len(lines) < 4 || !json.Valid([]byte(lines[0])) {
		t.Fatalf("audit export = %d, %d lines", r.StatusCode, len(lines))
	}
	if r, _ := ts.do(t, "GET", "/api/v1/admin/audit?since=yesterday", nil, h(admin)); r.StatusCode != 400 {
		t.Errorf("bad since = %d; want 400", r.StatusCode)
	}
}

func TestSecureCookieUnderHTTPS(t *testing.T) {
	ts := start(t, func(c *config.Config) { c.BaseURL = "https://ensemble.example.gouv.fr" })
	ts.user(t, "agent@mairie.fr", false)
	form := url.Values{"email": {"agent@mairie.fr"}, "password": {testPassword}}
	req, _ := http.NewRequest("POST", ts.url+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-ensemble_sso" {
			found = c.Secure && c.HttpOnly
		}
	}
	if !found {
		t.Fatalf("no Secure __Host- session cookie under https: %v", resp.Header["Set-Cookie"])
	}
}
