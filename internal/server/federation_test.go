// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/federation"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

// upstreamPair starts two Ensemble servers in this process: upstream, an
// OpenID Connect provider under the host name "localhost" (so that its
// cookies and ours do not mix in one cookie jar), and ours, on 127.0.0.1,
// which signs people in with it.
func upstreamPair(t *testing.T, in federation.ProviderInput) (up, ours *testServer, providerID string) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	up = start(t, func(c *config.Config) {
		c.Listen = fmt.Sprintf("127.0.0.1:%d", port)
		c.BaseURL = fmt.Sprintf("http://localhost:%d", port)
	})
	up.url = up.Server.URL().String()
	ours = start(t, nil)
	client, secret, err := up.OIDC().CreateClient(t.Context(), oidcop.NewClient{Name: "Ministry Ensemble",
		RedirectURIs: []string{ours.Federation().RedirectURI()}, Trusted: true})
	if err != nil {
		t.Fatal(err)
	}
	issuer := up.url
	in.Name, in.Issuer, in.ClientID, in.ClientSecret = ptr("Ministère"), &issuer, &client.ID, &secret
	p, err := ours.Federation().CreateProvider(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	return up, ours, p.ID
}

func ptr[T any](v T) *T { return &v }

// signInUpstream runs the browser side: ours → upstream login form → back.
// It returns where the browser ended and the browser itself.
func signInUpstream(t *testing.T, up, ours *testServer, providerID, email string, browser *http.Client) *url.URL {
	t.Helper()
	resp, err := browser.Get(ours.url + "/auth/upstream/" + providerID + "/start?return_to=/docs/welcome")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Host == strings.TrimPrefix(up.url, "http://") && resp.Request.URL.Path == "/login" {
		resp, err = browser.PostForm(up.url+"/login", url.Values{"email": {email}, "password": {testPassword}, "return_to": {resp.Request.URL.Query().Get("return_to")}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	return resp.Request.URL
}

// newBrowser follows up to 20 redirects, as browsers do (Go's default is
// 10, and an upstream login takes 14 hops).
func newBrowser() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) >= 20 {
			return http.ErrUseLastResponse
		}
		return nil
	}}
}

func me(t *testing.T, ours *testServer, browser *http.Client) (identity.User, int) {
	t.Helper()
	resp, err := browser.Get(ours.url + "/api/v1/me")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct{ User identity.User }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &body)
	return body.User, resp.StatusCode
}

func TestUpstreamLoginCreatesAndLinksAccount(t *testing.T) {
	up, ours, pid := upstreamPair(t, federation.ProviderInput{})
	alice, _ := up.Identity().CreateUser(t.Context(), identity.NewUser{Email: "alice@ministere.gouv.fr", Name: "Alice Martin", Password: testPassword, EmailVerified: true})

	browser := newBrowser()
	end := signInUpstream(t, up, ours, pid, "alice@ministere.gouv.fr", browser)
	if end.Path != "/docs/welcome" || end.Host != strings.TrimPrefix(ours.url, "http://") {
		t.Fatalf("ended at %s; want our /docs/welcome", end)
	}
	u, code := me(t, ours, browser)
	if code != 200 || u.Email != "alice@ministere.gouv.fr" || u.Name != "Alice Martin" || u.HasPassword || !u.EmailVerified {
		t.Fatalf("our account = %d %+v", code, u)
	}
	if u.ID == alice.ID {
		t.Error("our account reuses the upstream's id")
	}
	// The second login, from another browser, finds the same account by (issuer, sub)
	// even after the upstream changed the email.
	up.DB().ExecContext(t.Context(), `UPDATE users SET email = 'alice.martin@ministere.gouv.fr', email_key = 'alice.martin@ministere.gouv.fr' WHERE id = $1`, alice.ID)
	b2 := newBrowser()
	signInUpstream(t, up, ours, pid, "alice.martin@ministere.gouv.fr", b2)
	if again, _ := me(t, ours, b2); again.ID != u.ID {
		t.Fatalf("second login gave account %s; want %s", again.ID, u.ID)
	}
	// Login buttons for the login page.
	resp, body := ours.do(t, "GET", "/api/v1/auth/providers", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"name":"Ministère"`) {
		t.Fatalf("providers = %d %s", resp.StatusCode, body)
	}
}

func TestUpstreamNeverTakesOverByEmailAlone(t *testing.T) {
	up, ours, pid := upstreamPair(t, federation.ProviderInput{})
	up.Identity().CreateUser(t.Context(), identity.NewUser{Email: "bob@ministere.gouv.fr", Name: "Bob", Password: testPassword, EmailVerified: true})
	local := ours.user(t, "bob@ministere.gouv.fr", true)

	browser := newBrowser()
	end := signInUpstream(t, up, ours, pid, "bob@ministere.gouv.fr", browser)
	if end.Path != "/login" || end.Query().Get("reason") != "account_exists" {
		t.Fatalf("ended at %s; want /login?reason=account_exists", end)
	}
	if _, code := me(t, ours, browser); code != 401 {
		t.Fatal("signed in to an existing account without linking enabled")
	}
	// The administrator enables linking: a verified email links.
	ours.Federation().UpdateProvider(t.Context(), pid, federation.ProviderInput{LinkExisting: ptr(true)})
	b2 := newBrowser()
	signInUpstream(t, up, ours, pid, "bob@ministere.gouv.fr", b2)
	if u, code := me(t, ours, b2); code != 200 || u.ID != local.ID {
		t.Fatalf("with linking enabled: %d %+v; want the local account", code, u)
	}
}

func TestUpstreamUnverifiedEmailDoesNotLink(t *testing.T) {
	up, ours, pid := upstreamPair(t, federation.ProviderInput{LinkExisting: ptr(true)})
	up.Identity().CreateUser(t.Context(), identity.NewUser{Email: "carol@ministere.gouv.fr", Name: "Carol", Password: testPassword})
	ours.user(t, "carol@ministere.gouv.fr", false)
	end := signInUpstream(t, up, ours, pid, "carol@ministere.gouv.fr", newBrowser())
	if end.Query().Get("reason") != "account_exists" {
		t.Fatalf("unverified email ended at %s; want account_exists", end)
	}
}

func TestUpstreamAllowedDomains(t *testing.T) {
	up, ours, pid := upstreamPair(t, federation.ProviderInput{AllowedDomains: &[]string{"interieur.gouv.fr"}})
	up.Identity().CreateUser(t.Context(), identity.NewUser{Email: "dan@ministere.gouv.fr", Name: "Dan", Password: testPassword, EmailVerified: true})
	end := signInUpstream(t, up, ours, pid, "dan@ministere.gouv.fr", newBrowser())
	if end.Query().Get("reason") != "email_domain_not_allowed" || end.Query().Get("return_to") != "/docs/welcome" {
		t.Fatalf("other domain ended at %s; want the reason and where the person was going", end)
	}
	if _, err := ours.Identity().UserByEmail(t.Context(), "dan@ministere.gouv.fr"); err == nil {
		t.Fatal("an account was created for a refused domain")
	}
}

// A callback whose state is not this browser's is refused (login CSRF).
func TestUpstreamStateBoundToBrowser(t *testing.T) {
	up, ours, pid := upstreamPair(t, federation.ProviderInput{})
	up.Identity().CreateUser(t.Context(), identity.NewUser{Email: "eve@ministere.gouv.fr", Name: "Eve", Password: testPassword, EmailVerified: true})
	attacker := &http.Client{Jar: newBrowser().Jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if req.URL.Path == federation.CallbackPath {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := attacker.Get(ours.url + "/auth/upstream/" + pid + "/start")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, _ = attacker.PostForm(up.url+"/login", url.Values{"email": {"eve@ministere.gouv.fr"}, "password": {testPassword}, "return_to": {resp.Request.URL.Query().Get("return_to")}})
	resp.Body.Close()
	callback := resp.Header.Get("Location")
	if !strings.Contains(callback, federation.CallbackPath) {
		t.Fatalf("no callback URL: %q", callback)
	}
	victim := newBrowser()
	resp, err = victim.Get(callback)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Query().Get("reason") != "state_mismatch" {
		t.Fatalf("victim's browser ended at %s; want state_mismatch", resp.Request.URL)
	}
	if _, code := me(t, ours, victim); code != 401 {
		t.Fatal("the victim was signed in to the attacker's account")
	}
}

func TestUpstreamProviderAdmin(t *testing.T) {
	ts := start(t, nil)
	ts.user(t, "admin@mairie.fr", true)
	_, admin := ts.login(t, "admin@mairie.fr", testPassword)
	h := map[string]string{"Cookie": admin.String(), "Content-Type": "application/json"}
	resp, body := ts.do(t, "POST", "/api/v1/admin/upstream-providers", strings.NewReader(`{"name":"ProConnect","issuer":"https://auth.agentconnect.gouv.fr/api/v2","client_id":"abc","client_secret":"s3cret","allowed_domains":["@Mairie.fr"]}`), h)
	if resp.StatusCode != 201 || strings.Contains(string(body), "s3cret") || !strings.Contains(string(body), `"has_secret":true`) || !strings.Contains(string(body), `"mairie.fr"`) {
		t.Fatalf("create provider = %d %s", resp.StatusCode, body)
	}
	for _, bad := range []string{`{"name":"x","issuer":"not a url","client_id":"a"}`, `{"name":"","issuer":"https://x","client_id":"a"}`, `{"name":"x","issuer":"https://x"}`} {
		if resp, body := ts.do(t, "POST", "/api/v1/admin/upstream-providers", strings.NewReader(bad), h); resp.StatusCode != 400 {
			t.Errorf("create %s = %d %s; want 400", bad, resp.StatusCode, body)
		}
	}
	resp, body = ts.do(t, "GET", "/api/v1/admin/audit?action=admin.upstream.create", nil, h)
	if !strings.Contains(string(body), "ProConnect") {
		t.Fatalf("audit lacks the provider change: %s", body)
	}
}
