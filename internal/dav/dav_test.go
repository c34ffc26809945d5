// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// do sends a WebDAV request with Basic credentials (none if email is "").
func (e *env) do(t *testing.T, email, secret, method, path string, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if email != "" {
		req.SetBasicAuth(email, secret)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (e *env) me(t *testing.T, method, path, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	return e.do(t, e.email, e.token, method, path, body, hdr...)
}

func TestAuthentication(t *testing.T) {
	e := sqliteEnv(t)
	other, err := e.ids.CreateUser(t.Context(), identity.NewUser{Email: "other@example.org", Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	for name, creds := range map[string][2]string{
		"none":                  {"", ""},
		"wrong token":           {e.email, "ens_pat_nonsense"},
		"another user's email":  {other.Email, e.token},
		"password, not a token": {e.email, "hunter2"},
	} {
		resp, _ := e.do(t, creds[0], creds[1], "PROPFIND", "/dav/", "", "Depth", "0")
		if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Basic ") {
			t.Errorf("%s: %d, WWW-Authenticate %q; want 401 Basic", name, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
		}
	}
	if resp, _ := e.me(t, "PROPFIND", "/dav/", "", "Depth", "0"); resp.StatusCode != 207 {
		t.Errorf("Basic with token = %d; want 207", resp.StatusCode)
	}
	if resp, _ := e.do(t, "", "", "PROPFIND", "/dav/", "", "Depth", "0", "Authorization", "Bearer "+e.token); resp.StatusCode != 207 {
		t.Errorf("Bearer = %d; want 207", resp.StatusCode)
	}
}

func TestHostileInput(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t), nil, drive.Options{DefaultQuota: 1 << 20})
	e.me(t, "MKCOL", "/dav/Dir", "")
	e.me(t, "PUT", "/dav/Dir/f.txt", "hello")
	for _, tc := range []struct{ method, path string }{
		{"PUT", "/dav/Dir%2Fescape.txt"},
		{"PUT", "/dav/Dir%5Cescape.txt"},
		{"PUT", "/dav/a%01b"},
		{"PUT", "/dav/..."},
		{"MKCOL", "/dav/%2E%2E%2E"},
		{"PUT", "/dav/Dir/" + strings.Repeat("x", 300)},
		{"GET", "/dav/Dir/..%2F..%2F..%2Fetc%2Fpasswd"},
	} {
		body := "x"
		if tc.method != "PUT" {
			body = ""
		}
		resp, body := e.me(t, tc.method, tc.path, body)
		if resp.StatusCode != 400 {
			t.Errorf("%s %s = %d %q; want 400", tc.method, tc.path, resp.StatusCode, body)
		}
	}
	// A path with .. never leaves the tree: the mux cleans it to a path
	// outside /dav (404) or the handler refuses it.
	if resp, _ := e.me(t, "GET", "/dav/Dir/../../../etc/passwd", ""); resp.StatusCode < 300 {
		t.Errorf("GET with .. = %d", resp.StatusCode)
	}
	// Case and normalisation duplicates are the same item.
	if resp, _ := e.me(t, "MKCOL", "/dav/DIR", ""); resp.StatusCode != 405 {
		t.Errorf("MKCOL of a case duplicate = %d; want 405", resp.StatusCode)
	}
	e.me(t, "PUT", "/dav/caf%C3%A9.txt", "nfc")
	if resp, body := e.me(t, "GET", "/dav/cafe%CC%81.txt", ""); resp.StatusCode != 200 || body != "nfc" {
		t.Errorf("GET by NFD name = %d %q; want the NFC file", resp.StatusCode, body)
	}
	// Over quota: 507, nothing stored.
	if resp, _ := e.me(t, "PUT", "/dav/big.bin", strings.Repeat("b", 2<<20)); resp.StatusCode != 507 {
		t.Errorf("over-quota PUT = %d; want 507", resp.StatusCode)
	}
	if resp, _ := e.me(t, "GET", "/dav/big.bin", ""); resp.StatusCode != 404 {
		t.Errorf("refused upload exists: %d", resp.StatusCode)
	}
	// Range past the end.
	if resp, _ := e.me(t, "GET", "/dav/Dir/f.txt", "", "Range", "bytes=100-"); resp.StatusCode != 416 {
		t.Errorf("Range past the end = %d; want 416", resp.StatusCode)
	}
	if resp, body := e.me(t, "GET", "/dav/Dir/f.txt", "", "Range", "bytes=1-3"); resp.StatusCode != 206 || body != "ell" {
		t.Errorf("Range = %d %q", resp.StatusCode, body)
	}
	// A PROPFIND of infinite depth is refused.
	if resp, _ := e.me(t, "PROPFIND", "/dav/", "", "Depth", "infinity"); resp.StatusCode != 403 {
		t.Errorf("PROPFIND infinity = %d; want 403", resp.StatusCode)
	}
}

func TestPropertiesMatchREST(t *testing.T) {
	e := sqliteEnv(t)
	resp, _ := e.me(t, "PUT", "/dav/doc.txt", "some content")
	n, err := e.drive.Lookup(t.Context(), e.user.ID, "/doc.txt")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("ETag") != n.ETag {
		t.Errorf("PUT ETag %q, drive %q", resp.Header.Get("ETag"), n.ETag)
	}
	_, body := e.me(t, "PROPFIND", "/dav/", `<?xml version="1.0"?><propfind xmlns="DAV:"><prop>
		<getetag/><getlastmodified/><quota-used-bytes/><quota-available-bytes/></prop></propfind>`, "Depth", "1")
	u, _ := e.drive.Usage(t.Context(), e.user.ID)
	for _, want := range []string{
		n.ETag,
		n.Modified.UTC().Format(http.TimeFormat),
		fmt.Sprintf("quota-used-bytes>%d<", u.Used),
		fmt.Sprintf("quota-available-bytes>%d<", u.Available),
	} {
		if !strings.Contains(strings.ReplaceAll(body, "&#34;", `"`), want) {
			t.Errorf("PROPFIND lacks %q:\n%s", want, body)
		}
	}
}

func TestSharedFolder(t *testing.T) {
	e := sqliteEnv(t)
	bob, err := e.ids.CreateUser(t.Context(), identity.NewUser{Email: "bob@example.org", Name: "Bob", Locale: "de"})
	if err != nil {
		t.Fatal(err)
	}
	_, bobToken, _ := e.ids.CreateToken(t.Context(), bob.ID, "dav", 0)
	e.me(t, "MKCOL", "/dav/Projet", "")
	e.me(t, "PUT", "/dav/Projet/plan.txt", "plan")
	dir, _ := e.drive.Lookup(t.Context(), e.user.ID, "/Projet")
	bobDo := func(method, path, body string, hdr ...string) (*http.Response, string) {
		return e.do(t, bob.Email, bobToken, method, path, body, hdr...)
	}
	// Nothing shared: no shared folder.
	if _, body := bobDo("PROPFIND", "/dav/", "", "Depth", "1"); strings.Contains(body, "geteilt") {
		t.Errorf("shared folder listed with nothing shared:\n%s", body)
	}
	if _, _, err := e.drive.Share(t.Context(), e.user.ID, dir.ID, access.Principal{UserID: bob.ID}, access.Editor); err != nil {
		t.Fatal(err)
	}
	_, body := bobDo("PROPFIND", "/dav/", "", "Depth", "1")
	if !strings.Contains(body, "/dav/Mit%20mir%20geteilt/") {
		t.Errorf("root listing lacks the shared folder:\n%s", body)
	}
	_, body = bobDo("PROPFIND", "/dav/Mit%20mir%20geteilt/", "", "Depth", "1")
	if !regexp.MustCompile(`/dav/Mit%20mir%20geteilt/Projet/`).MatchString(body) {
		t.Errorf("shared folder listing lacks Projet:\n%s", body)
	}
	if resp, got := bobDo("GET", "/dav/Mit%20mir%20geteilt/Projet/plan.txt", ""); resp.StatusCode != 200 || got != "plan" {
		t.Errorf("GET shared file = %d %q", resp.StatusCode, got)
	}
	if resp, _ := bobDo("PUT", "/dav/Mit%20mir%20geteilt/Projet/bob.txt", "from bob"); resp.StatusCode != 201 {
		t.Errorf("editor PUT in shared folder = %d; want 201", resp.StatusCode)
	}
	if resp, got := e.me(t, "GET", "/dav/Projet/bob.txt", ""); resp.StatusCode != 200 || got != "from bob" {
		t.Errorf("owner sees bob's file: %d %q", resp.StatusCode, got)
	}
	for _, tc := range [][2]string{{"MKCOL", "/dav/Mit%20mir%20geteilt/new"}, {"PUT", "/dav/Mit%20mir%20geteilt/x.txt"}, {"DELETE", "/dav/Mit%20mir%20geteilt/"}} {
		if resp, _ := bobDo(tc[0], tc[1], ""); resp.StatusCode != 403 {
			t.Errorf("%s %s = %d; want 403", tc[0], tc[1], resp.StatusCode)
		}
	}
	// Alice's other files stay out of reach.
	e.me(t, "PUT", "/dav/private.txt", "secret")
	if resp, _ := bobDo("GET", "/dav/Mit%20mir%20geteilt/Projet/../private.txt", ""); resp.StatusCode == 200 {
		t.Errorf("escaped the shared folder")
	}
}
