// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
)

// Uploads through a share link, over the whole server: an editor link
// takes files from anyone who has it, a reader or expired link does not,
// hostile names are refused, and every upload is audited.
func TestDriveLinkUpload(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	st, b := ts.driveDo(t, alice, "POST", "/api/v1/files/root/folders", []byte(`{"name":"Dépôt"}`))
	if st != 201 {
		t.Fatalf("mkdir = %d %s", st, b)
	}
	dir := decodeFile(t, b)
	if st, b := ts.driveDo(t, alice, "POST", "/api/v1/files/root/folders", []byte(`{"name":"Privé"}`)); st != 201 {
		t.Fatalf("mkdir = %d %s", st, b)
	}

	put := func(token, path, body string) (int, string) {
		resp, got := ts.do(t, "PUT", "/api/v1/share/"+token+path, strings.NewReader(body), map[string]string{"Content-Type": "text/plain"})
		return resp.StatusCode, string(got)
	}

	reader := ts.makeLink(t, alice, dir.ID, `{"role":"reader"}`)
	if st, got := put(reader.Token, "/children/a.txt", "a"); st != 403 || errorCode([]byte(got)) != "link_read_only" {
		t.Errorf("upload through a reader link = %d %s; want 403 link_read_only", st, got)
	}
	resp, got := ts.anon(t, "GET", "/api/v1/share/"+reader.Token, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(got), `"can_upload":false`) {
		t.Errorf("reader view = %d %s", resp.StatusCode, got)
	}

	editor := ts.makeLink(t, alice, dir.ID, `{"role":"editor"}`)
	resp, got = ts.anon(t, "GET", "/api/v1/share/"+editor.Token, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(got), `"can_upload":true`) {
		t.Errorf("editor view = %d %s", resp.StatusCode, got)
	}
	if st, got := put(editor.Token, "/children/lettre.txt", "bonjour"); st != 201 || !strings.Contains(got, `"name":"lettre.txt"`) || strings.Contains(got, "owner_id") {
		t.Errorf("upload through an editor link = %d %s", st, got)
	}
	if st, got := put(editor.Token, "/children/lettre.txt", "encore"); st != 201 || !strings.Contains(got, `"name":"lettre (2).txt"`) {
		t.Errorf("second upload of the same name = %d %s; want lettre (2).txt", st, got)
	}
	for _, name := range []string{"..", "%2E%2E", "..%2Fevil.txt", "%2E%2E%2F%2E%2E%2Fevil.txt", "a%5Cb.txt", "%00.txt", "%0A"} {
		if st, got := put(editor.Token, "/children/"+name, "x"); st < 400 || st == 500 {
			t.Errorf("upload named %s = %d %s; want a refusal", name, st, got)
		}
	}
	st, b = ts.driveDo(t, alice, "GET", "/api/v1/files/"+dir.ID+"/children", nil)
	var kids struct{ Items []struct{ Name string } }
	json.Unmarshal(b, &kids)
	if st != 200 || len(kids.Items) != 2 {
		t.Errorf("the folder holds %d %s; want the two letters only", st, b)
	}
	st, b = ts.driveDo(t, alice, "GET", "/api/v1/files/root/children", nil)
	if st != 200 || strings.Count(string(b), `"name"`) != 2 {
		t.Errorf("the root now holds %s; want Dépôt and Privé only", b)
	}

	// Expired (its date moved into the past): 410, and nothing is stored.
	later := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	short := ts.makeLink(t, alice, dir.ID, fmt.Sprintf(`{"role":"editor","expires_at":%q}`, later))
	if _, err := ts.DB().ExecContext(t.Context(), `UPDATE drive_links SET expires_at = $1 WHERE id = $2`,
		db.Time(time.Now().Add(-time.Minute).UTC()), short.ID); err != nil {
		t.Fatal(err)
	}
	if st, got := put(short.Token, "/children/tard.txt", "late"); st != 410 {
		t.Errorf("upload through an expired link = %d %s; want 410", st, got)
	}
	if st, b := ts.driveDo(t, alice, "GET", "/api/v1/files/"+dir.ID+"/children", nil); strings.Contains(string(b), "tard.txt") {
		t.Errorf("the expired link's upload is listed: %d %s", st, b)
	}

	// Audited.
	admin := ts.user(t, "admin@mairie.fr", true)
	_, adminTok, _ := ts.Identity().CreateToken(t.Context(), admin.ID, "t", time.Hour)
	st, b = ts.driveDo(t, adminTok, "GET", "/api/v1/admin/audit?action=drive.link.upload", nil)
	if st != 200 || strings.Count(string(b), `"drive.link.upload"`) < 3 {
		t.Errorf("audit = %d %s; want the two uploads and the refusal", st, b)
	}
}

// The administrators' list of every user's Drive use and quota.
func TestDriveAdminUsage(t *testing.T) {
	ts := start(t, nil)
	aliceID, alice := ts.token(t, "alice@mairie.fr")
	if st, b := ts.driveDo(t, alice, "PUT", "/api/v1/files/root/children/a.bin", make([]byte, 1234)); st != 201 {
		t.Fatalf("upload = %d %s", st, b)
	}
	if st, _ := ts.driveDo(t, alice, "GET", "/api/v1/admin/drive-usage", nil); st != 403 {
		t.Errorf("non-administrator = %d; want 403", st)
	}
	if resp, _ := ts.anon(t, "GET", "/api/v1/admin/drive-usage", nil); resp.StatusCode != 401 {
		t.Errorf("anonymous = %d; want 401", resp.StatusCode)
	}
	admin := ts.user(t, "admin@mairie.fr", true)
	_, adminTok, _ := ts.Identity().CreateToken(t.Context(), admin.ID, "t", time.Hour)
	type usage struct {
		DefaultQuota int64 `json:"default_quota"`
		Items        []struct {
			UserID string `json:"user_id"`
			Used   int64  `json:"used"`
			Quota  int64  `json:"quota"`
			Custom bool   `json:"custom"`
		} `json:"items"`
	}
	list := func() (usage, int) {
		var u usage
		st, b := ts.driveDo(t, adminTok, "GET", "/api/v1/admin/drive-usage", nil)
		if st != 200 || json.Unmarshal(b, &u) != nil {
			t.Fatalf("list = %d %s", st, b)
		}
		for i, it := range u.Items {
			if it.UserID == aliceID {
				return u, i
			}
		}
		t.Fatalf("alice is not listed: %+v", u)
		return u, -1
	}
	u, i := list()
	if it := u.Items[i]; it.Used != 1234 || it.Quota != u.DefaultQuota || it.Custom || u.DefaultQuota <= 0 {
		t.Errorf("alice = %+v (default %d); want 1234 bytes of the default", it, u.DefaultQuota)
	}
	if st, b := ts.driveDo(t, adminTok, "PUT", "/api/v1/admin/users/"+aliceID+"/drive-quota", []byte(`{"bytes":5000000}`)); st != 200 {
		t.Fatalf("set = %d %s", st, b)
	}
	if u, i = list(); !u.Items[i].Custom || u.Items[i].Quota != 5000000 {
		t.Errorf("after set: %+v", u.Items[i])
	}
	if st, b := ts.driveDo(t, adminTok, "PUT", "/api/v1/admin/users/"+aliceID+"/drive-quota", []byte(`{"bytes":null}`)); st != 200 {
		t.Fatalf("reset = %d %s", st, b)
	}
	if u, i = list(); u.Items[i].Custom || u.Items[i].Quota != u.DefaultQuota {
		t.Errorf("after reset: %+v", u.Items[i])
	}
	if st, _ := ts.driveDo(t, adminTok, "PUT", "/api/v1/admin/users/nobody/drive-quota", []byte(`{"bytes":1}`)); st != 404 {
		t.Errorf("unknown user = %d; want 404", st)
	}
}
