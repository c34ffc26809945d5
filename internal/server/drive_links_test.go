// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

type linkJSON struct {
	ID    string `json:"id"`
	Token string `json:"token"`
}

func (ts *testServer) makeLink(t *testing.T, secret, id, body string) linkJSON {
	t.Helper()
	st, b := ts.driveDo(t, secret, "POST", "/api/v1/files/"+id+"/links", []byte(body))
	var l linkJSON
	if st != 201 || json.Unmarshal(b, &l) != nil || l.Token == "" {
		t.Fatalf("create link %s = %d %s", body, st, b)
	}
	return l
}

// anon sends a request without credentials.
func (ts *testServer) anon(t *testing.T, method, path string, hdr map[string]string) (*http.Response, []byte) {
	t.Helper()
	if hdr == nil {
		hdr = map[string]string{}
	}
	return ts.do(t, method, path, nil, hdr)
}

func errorCode(b []byte) string {
	var e apiError
	json.Unmarshal(b, &e)
	return e.Error.Code
}

func TestDriveLinks(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	bobID, bob := ts.token(t, "bob@mairie.fr")

	st, b := ts.driveDo(t, alice, "PUT", "/api/v1/files/root/children/note.txt", []byte("0123456789abcdef"))
	if st != 201 {
		t.Fatalf("upload = %d %s", st, b)
	}
	f := decodeFile(t, b)

	// Only managers create links: an outsider is told the item does not
	// exist, a reader is refused.
	if st, _ := ts.driveDo(t, bob, "POST", "/api/v1/files/"+f.ID+"/links", []byte(`{}`)); st != 404 {
		t.Errorf("outsider create link = %d; want 404", st)
	}
	if st, b := ts.driveDo(t, alice, "POST", "/api/v1/files/"+f.ID+"/accesses", []byte(`{"user_id":"`+bobID+`","role":"reader"}`)); st != 201 {
		t.Fatalf("share = %d %s", st, b)
	}
	if st, _ := ts.driveDo(t, bob, "POST", "/api/v1/files/"+f.ID+"/links", []byte(`{}`)); st != 403 {
		t.Errorf("reader create link = %d; want 403", st)
	}
	past := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
	if st, _ := ts.driveDo(t, alice, "POST", "/api/v1/files/"+f.ID+"/links", []byte(`{"expires_at":"`+past+`"}`)); st != 400 {
		t.Errorf("link expiring in the past = %d; want 400", st)
	}

	// Public link: no sign-in, Range works, a limit of 2 full downloads.
	pub := ts.makeLink(t, alice, f.ID, `{"reach":"public","max_downloads":2}`)
	resp, got := ts.anon(t, "GET", "/api/v1/share/"+pub.Token, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(got), `"note.txt"`) || strings.Contains(string(got), "owner_id") {
		t.Errorf("public view = %d %s", resp.StatusCode, got)
	}
	resp, got = ts.anon(t, "GET", "/api/v1/share/"+pub.Token+"/content", map[string]string{"Range": "bytes=4-7"})
	if resp.StatusCode != 206 || string(got) != "4567" {
		t.Errorf("range = %d %q", resp.StatusCode, got)
	}
	for i := range 3 {
		resp, got = ts.anon(t, "GET", "/api/v1/share/"+pub.Token+"/content", nil)
		if i < 2 && (resp.StatusCode != 200 || string(got) != "0123456789abcdef") {
			t.Errorf("download %d = %d %q", i, resp.StatusCode, got)
		}
		if i == 2 && (resp.StatusCode != 410 || errorCode(got) != "link_expired") {
			t.Errorf("download past the limit = %d %s; want 410 link_expired", resp.StatusCode, got)
		}
	}
	// The list shows the count, not the token.
	st, b = ts.driveDo(t, alice, "GET", "/api/v1/files/"+f.ID+"/links", nil)
	if st != 200 || !strings.Contains(string(b), `"downloads":2`) || strings.Contains(string(b), pub.Token) {
		t.Errorf("links = %d %s", st, b)
	}

	// Authenticated reach.
	auth := ts.makeLink(t, alice, f.ID, `{"reach":"authenticated"}`)
	if resp, got := ts.anon(t, "GET", "/api/v1/share/"+auth.Token+"/content", nil); resp.StatusCode != 401 {
		t.Errorf("anonymous on authenticated link = %d %s", resp.StatusCode, got)
	}
	if st, got := ts.driveDo(t, bob, "GET", "/api/v1/share/"+auth.Token+"/content", nil); st != 200 || string(got) != "0123456789abcdef" {
		t.Errorf("signed in on authenticated link = %d %q", st, got)
	}

	// Password.
	pw := ts.makeLink(t, alice, f.ID, `{"password":"correct horse"}`)
	resp, got = ts.anon(t, "GET", "/api/v1/share/"+pw.Token+"/content", nil)
	if resp.StatusCode != 401 || errorCode(got) != "password_required" {
		t.Errorf("locked = %d %s; want 401 password_required", resp.StatusCode, got)
	}
	unlock := func(pass string) *http.Response {
		resp, _ := ts.do(t, "POST", "/api/v1/share/"+pw.Token+"/unlock", strings.NewReader(`{"password":"`+pass+`"}`),
			map[string]string{"Content-Type": "application/json"})
		return resp
	}
	resp = unlock("correct horse")
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "ensemble_link" {
			cookie = c
		}
	}
	if resp.StatusCode != 204 || cookie == nil || !cookie.HttpOnly || cookie.Path != "/api/v1/share/"+pw.Token {
		t.Fatalf("unlock = %d, cookie %+v", resp.StatusCode, cookie)
	}
	resp, got = ts.anon(t, "GET", "/api/v1/share/"+pw.Token+"/content", map[string]string{"Cookie": "ensemble_link=" + cookie.Value})
	if resp.StatusCode != 200 || string(got) != "0123456789abcdef" {
		t.Errorf("unlocked download = %d %q", resp.StatusCode, got)
	}
	// The cookie opens no other link.
	other := ts.makeLink(t, alice, f.ID, `{"password":"correct horse"}`)
	if resp, _ := ts.anon(t, "GET", "/api/v1/share/"+other.Token, map[string]string{"Cookie": "ensemble_link=" + cookie.Value}); resp.StatusCode != 401 {
		t.Errorf("cookie on another link = %d; want 401", resp.StatusCode)
	}
	codes := []int{}
	for range 6 {
		codes = append(codes, unlock("wrong").StatusCode)
	}
	if codes[0] != 401 || codes[5] != 429 {
		t.Errorf("wrong passwords = %v; want 401 first, 429 at last", codes)
	}
	if resp := unlock("correct horse"); resp.StatusCode != 429 {
		t.Errorf("right password while limited = %d; want 429", resp.StatusCode)
	}

	// Deleted link: 404.
	if st, b := ts.driveDo(t, alice, "DELETE", "/api/v1/files/"+f.ID+"/links/"+auth.ID, nil); st != 204 {
		t.Errorf("delete link = %d %s", st, b)
	}
	if st, _ := ts.driveDo(t, bob, "GET", "/api/v1/share/"+auth.Token, nil); st != 404 {
		t.Errorf("deleted link = %d; want 404", st)
	}
}

func TestDriveLinksFolder(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	st, b := ts.driveDo(t, alice, "POST", "/api/v1/files/root/folders", []byte(`{"name":"Public"}`))
	if st != 201 {
		t.Fatalf("mkdir = %d %s", st, b)
	}
	dir := decodeFile(t, b)
	_, b = ts.driveDo(t, alice, "PUT", "/api/v1/files/"+dir.ID+"/children/in.txt", []byte("inside"))
	in := decodeFile(t, b)
	_, b = ts.driveDo(t, alice, "PUT", "/api/v1/files/root/children/out.txt", []byte("outside"))
	out := decodeFile(t, b)

	l := ts.makeLink(t, alice, dir.ID, `{}`)
	resp, got := ts.anon(t, "GET", "/api/v1/share/"+l.Token, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(got), in.ID) {
		t.Errorf("folder view = %d %s", resp.StatusCode, got)
	}
	resp, got = ts.anon(t, "GET", "/api/v1/share/"+l.Token+"/items/"+in.ID+"/content", nil)
	if resp.StatusCode != 200 || string(got) != "inside" {
		t.Errorf("child download = %d %q", resp.StatusCode, got)
	}
	if resp, _ := ts.anon(t, "GET", "/api/v1/share/"+l.Token+"/items/"+out.ID+"/content", nil); resp.StatusCode != 404 {
		t.Errorf("file outside the folder = %d; want 404", resp.StatusCode)
	}
	if resp, _ := ts.anon(t, "GET", "/api/v1/share/"+l.Token+"/content", nil); resp.StatusCode != 400 {
		t.Errorf("download a folder = %d; want 400", resp.StatusCode)
	}
}
