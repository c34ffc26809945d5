// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/identity"
)

// token makes a user and a personal access token for them.
func (ts *testServer) token(t *testing.T, email string) (userID, secret string) {
	t.Helper()
	u := ts.user(t, email, false)
	_, secret, err := ts.Identity().CreateToken(t.Context(), u.ID, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID, secret
}

// createDoc creates a document through the API as the holder of secret.
func (ts *testServer) createDoc(t *testing.T, secret, title string) string {
	t.Helper()
	r, body := ts.do(t, "POST", "/api/v1/docs", strings.NewReader(`{"title":"`+title+`"}`),
		map[string]string{"Authorization": "Bearer " + secret, "Content-Type": "application/json"})
	var d struct{ ID, Title string }
	if r.StatusCode != 201 || json.Unmarshal(body, &d) != nil || d.ID == "" || d.Title != title {
		t.Fatalf("POST /api/v1/docs = %d %s", r.StatusCode, body)
	}
	return d.ID
}

// api calls the API as the holder of secret ("" for anonymous) with a JSON
// body ("" for none) and returns the status and the body.
func (ts *testServer) api(t *testing.T, secret, method, path, body string) (int, string) {
	t.Helper()
	h := map[string]string{}
	if secret != "" {
		h["Authorization"] = "Bearer " + secret
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
		h["Content-Type"] = "application/json"
	}
	r, b := ts.do(t, method, path, rd, h)
	return r.StatusCode, string(b)
}

// docJSON is the part of a Doc the tests read.
type docJSON struct {
	ID        string          `json:"id"`
	Title     string          `json:"title"`
	ParentID  *string         `json:"parent_id"`
	Role      string          `json:"role"`
	LinkReach string          `json:"link_reach"`
	LinkRole  string          `json:"link_role"`
	Favorite  bool            `json:"is_favorite"`
	Children  bool            `json:"has_children"`
	DeletedAt *time.Time      `json:"deleted_at"`
	Abilities map[string]bool `json:"abilities"`
}

func decodeDoc(t *testing.T, body string) docJSON {
	t.Helper()
	var d docJSON
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("doc %s: %v", body, err)
	}
	return d
}

func decodeDocs(t *testing.T, body string) []docJSON {
	t.Helper()
	var l struct{ Docs []docJSON }
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatalf("docs %s: %v", body, err)
	}
	return l.Docs
}

// share gives email the role on doc as the holder of secret and returns the
// access ID.
func (ts *testServer) share(t *testing.T, secret, doc, email, role string) string {
	t.Helper()
	st, body := ts.api(t, secret, "POST", "/api/v1/docs/"+doc+"/accesses", `{"email":"`+email+`","role":"`+role+`"}`)
	var a struct{ ID string }
	if st != 201 || json.Unmarshal([]byte(body), &a) != nil || a.ID == "" {
		t.Fatalf("share %s with %s as %s = %d %s", doc, email, role, st, body)
	}
	return a.ID
}

func TestDocRecordAPI(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	id := ts.createDoc(t, alice, "Ordre du jour")
	if st, body := ts.api(t, alice, "GET", "/api/v1/docs/"+id, ""); st != 200 || !strings.Contains(body, `"title":"Ordre du jour"`) || decodeDoc(t, body).Role != "owner" {
		t.Errorf("owner GET = %d %s", st, body)
	}
	for _, path := range []string{"/api/v1/docs/" + id, "/api/v1/docs/nonsense"} {
		if st, _ := ts.api(t, bob, "GET", path, ""); st != 404 {
			t.Errorf("outsider GET %s = %d; want 404", path, st)
		}
	}
	if st, _ := ts.api(t, "", "GET", "/api/v1/docs/"+id, ""); st != 404 {
		t.Errorf("anonymous GET of a restricted doc = %d; want 404", st)
	}
	if st, _ := ts.api(t, alice, "POST", "/api/v1/docs", `{"title":"x","extra":1}`); st != 400 {
		t.Errorf("unknown field = %d; want 400", st)
	}
	if st, _ := ts.api(t, "", "POST", "/api/v1/docs", `{"title":"x"}`); st != 401 {
		t.Errorf("anonymous create = %d; want 401", st)
	}
}

// TestDocsRolesOverHTTP tries every route as every role and as an outsider.
func TestDocsRolesOverHTTP(t *testing.T) {
	ts := start(t, nil)
	_, owner := ts.token(t, "owner@mairie.fr")
	people := map[string]string{}
	for _, role := range []string{"reader", "commenter", "editor", "administrator", "outsider"} {
		_, people[role] = ts.token(t, role+"@mairie.fr")
	}
	people["owner"] = owner
	doc := ts.createDoc(t, owner, "Budget")
	for _, role := range []string{"reader", "commenter", "editor", "administrator"} {
		ts.share(t, owner, doc, role+"@mairie.fr", role)
	}
	target := ts.createDoc(t, owner, "Target")
	for _, role := range []string{"reader", "commenter", "editor", "administrator"} {
		ts.share(t, owner, target, role+"@mairie.fr", "editor") // everyone may add pages under target
	}
	base := "/api/v1/docs/" + doc
	type call struct{ method, path, body string }
	calls := []call{
		{"GET", base, ""},
		{"GET", base + "/children", ""},
		{"PATCH", base, `{"title":"Budget 2027"}`},
		{"GET", base + "/accesses", ""},
		{"PATCH", base, `{"link_reach":"authenticated"}`},
		{"POST", base + "/accesses", `{"email":"reader@mairie.fr","role":"reader"}`},
		{"GET", base + "/access-requests", ""},
		{"POST", base + "/move", `{"parent_id":null,"position":0}`},
		{"PUT", base + "/favorite", ""},
		{"POST", base + "/duplicate", `{"with_children":false}`},
		{"POST", "/api/v1/docs", `{"title":"sub","parent_id":"` + doc + `"}`},
	}
	// Expected status of each call, in order, by role.
	want := map[string][]int{
		"outsider":      {404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404},
		"reader":        {200, 200, 403, 200, 403, 403, 403, 403, 204, 201, 403},
		"commenter":     {200, 200, 403, 200, 403, 403, 403, 403, 204, 201, 403},
		"editor":        {200, 200, 200, 200, 403, 403, 403, 403, 204, 201, 201},
		"administrator": {200, 200, 200, 200, 200, 200, 200, 200, 204, 201, 201},
		"owner":         {200, 200, 200, 200, 200, 200, 200, 200, 204, 201, 201},
	}
	for _, role := range []string{"outsider", "reader", "commenter", "editor", "administrator", "owner"} {
		for i, c := range calls {
			if st, body := ts.api(t, people[role], c.method, c.path, c.body); st != want[role][i] {
				t.Errorf("%s: %s %s = %d %s; want %d", role, c.method, c.path, st, body, want[role][i])
			}
		}
		// Moving under a page where one may add pages needs move on the page.
		st, _ := ts.api(t, people[role], "POST", base+"/move", `{"parent_id":"`+target+`"}`)
		wantMove := map[string]int{"outsider": 404, "reader": 403, "commenter": 403, "editor": 403, "administrator": 200, "owner": 200}[role]
		if st != wantMove {
			t.Errorf("%s: move under target = %d; want %d", role, st, wantMove)
		}
		if st == 200 {
			ts.api(t, owner, "POST", base+"/move", `{"parent_id":null}`)
		}
	}
	// Trash and purge are the owners'.
	ts.api(t, owner, "PATCH", base, `{"link_reach":"restricted"}`)
	for _, role := range []string{"outsider", "reader", "commenter", "editor", "administrator"} {
		want := 403
		if role == "outsider" {
			want = 404
		}
		if st, _ := ts.api(t, people[role], "DELETE", base, ""); st != want {
			t.Errorf("%s: DELETE = %d; want %d", role, st, want)
		}
	}
	if st, body := ts.api(t, owner, "GET", base, ""); st != 200 || !decodeDoc(t, body).Abilities["delete"] {
		t.Errorf("owner abilities = %d %s", st, body)
	}
	if st, body := ts.api(t, people["reader"], "GET", base, ""); st != 200 || decodeDoc(t, body).Abilities["edit"] || !decodeDoc(t, body).Abilities["read"] {
		t.Errorf("reader abilities = %d %s", st, body)
	}
}

func TestDocsLinkReach(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	doc := ts.createDoc(t, alice, "Public notes")
	base := "/api/v1/docs/" + doc
	check := func(who, secret string, want int, role string) {
		t.Helper()
		st, body := ts.api(t, secret, "GET", base, "")
		if st != want || (st == 200 && decodeDoc(t, body).Role != role) {
			t.Errorf("%s GET = %d %s; want %d with role %q", who, st, body, want, role)
		}
	}
	check("anonymous", "", 404, "")
	check("bob", bob, 404, "")
	if st, body := ts.api(t, alice, "PATCH", base, `{"link_reach":"authenticated","link_role":"commenter"}`); st != 200 || decodeDoc(t, body).LinkReach != "authenticated" {
		t.Fatalf("PATCH link = %d %s", st, body)
	}
	check("anonymous", "", 404, "")
	check("bob", bob, 200, "commenter")
	if st, _ := ts.api(t, bob, "PATCH", base, `{"title":"vandalised"}`); st != 403 {
		t.Errorf("link commenter PATCH title = %d; want 403", st)
	}
	ts.api(t, alice, "PATCH", base, `{"link_reach":"public","link_role":"editor"}`)
	check("anonymous", "", 200, "editor")
	check("bob", bob, 200, "editor")
	if st, _ := ts.api(t, "", "GET", base+"/children", ""); st != 200 {
		t.Errorf("anonymous children of a public doc = %d", st)
	}
	if st, _ := ts.api(t, "", "PATCH", base, `{"title":"x"}`); st != 401 {
		t.Errorf("anonymous PATCH = %d; want 401", st)
	}
	if st, _ := ts.api(t, bob, "PATCH", base, `{"link_reach":"restricted"}`); st != 403 {
		t.Errorf("link editor changing the link = %d; want 403", st)
	}
	for _, bad := range []string{`{"link_reach":"world"}`, `{"link_role":"owner"}`, `{"link_role":"administrator"}`, `{"title":"` + strings.Repeat("x", 501) + `"}`} {
		if st, _ := ts.api(t, alice, "PATCH", base, bad); st != 400 {
			t.Errorf("PATCH %s = %d; want 400", bad, st)
		}
	}
	// A sub-page inherits the public link and cannot narrow it.
	st, body := ts.api(t, alice, "POST", "/api/v1/docs", `{"title":"child","parent_id":"`+doc+`"}`)
	child := decodeDoc(t, body)
	if st != 201 || child.LinkReach != "restricted" {
		t.Fatalf("child = %d %s", st, body)
	}
	if st, body := ts.api(t, "", "GET", "/api/v1/docs/"+child.ID, ""); st != 200 || decodeDoc(t, body).Role != "editor" {
		t.Errorf("anonymous GET of the child of a public page = %d %s", st, body)
	}
	ts.api(t, alice, "PATCH", base, `{"link_reach":"restricted"}`)
	check("anonymous", "", 404, "")
	if st, _ := ts.api(t, "", "GET", "/api/v1/docs/"+child.ID, ""); st != 404 {
		t.Errorf("anonymous GET of the child after restricting = %d; want 404", st)
	}
}

func TestDocsTreeMoveAndCycles(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	root := ts.createDoc(t, alice, "Root")
	mk := func(title, parent string) string {
		st, body := ts.api(t, alice, "POST", "/api/v1/docs", `{"title":"`+title+`","parent_id":"`+parent+`"}`)
		if st != 201 {
			t.Fatalf("create %s = %d %s", title, st, body)
		}
		return decodeDoc(t, body).ID
	}
	a, b, c := mk("A", root), mk("B", root), mk("C", root)
	a1 := mk("A1", a)
	titles := func(parent string) string {
		_, body := ts.api(t, alice, "GET", "/api/v1/docs/"+parent+"/children", "")
		var out []string
		for _, d := range decodeDocs(t, body) {
			out = append(out, d.Title)
		}
		return strings.Join(out, ",")
	}
	if got := titles(root); got != "A,B,C" {
		t.Errorf("children = %s", got)
	}
	if _, body := ts.api(t, alice, "GET", "/api/v1/docs?parent_id="+root, ""); len(decodeDocs(t, body)) != 3 {
		t.Errorf("GET ?parent_id = %s", body)
	}
	if st, _ := ts.api(t, alice, "POST", "/api/v1/docs/"+c+"/move", `{"parent_id":"`+root+`","position":0}`); st != 200 {
		t.Errorf("reorder = %d", st)
	}
	if got := titles(root); got != "C,A,B" {
		t.Errorf("after reorder = %s", got)
	}
	for _, under := range []string{a, a1} {
		if st, body := ts.api(t, alice, "POST", "/api/v1/docs/"+a+"/move", `{"parent_id":"`+under+`"}`); st != 400 {
			t.Errorf("move A under %s = %d %s; want 400", under, st, body)
		}
	}
	if st, body := ts.api(t, alice, "POST", "/api/v1/docs/"+root+"/move", `{"parent_id":"`+a1+`"}`); st != 400 {
		t.Errorf("move root under its grandchild = %d %s; want 400", st, body)
	}
	if st, _ := ts.api(t, alice, "POST", "/api/v1/docs/"+a1+"/move", `{"parent_id":"`+b+`","position":0}`); st != 200 || titles(b) != "A1" {
		t.Errorf("move A1 under B = %d, children of B %s", st, titles(b))
	}
	// Inheritance: bob reads the root, so every page below.
	ts.share(t, alice, root, "bob@mairie.fr", "reader")
	if st, body := ts.api(t, bob, "GET", "/api/v1/docs/"+a1, ""); st != 200 || decodeDoc(t, body).Role != "reader" {
		t.Errorf("bob GET grandchild = %d %s", st, body)
	}
	if st, body := ts.api(t, bob, "GET", "/api/v1/docs/"+a1+"/accesses", ""); st != 200 || !strings.Contains(body, `"inherited_from":"`+root+`"`) {
		t.Errorf("inherited accesses = %d %s", st, body)
	}
	// A sub-page moved to the top keeps its owners.
	if st, _ := ts.api(t, alice, "POST", "/api/v1/docs/"+a1+"/move", `{"parent_id":null}`); st != 200 {
		t.Errorf("move to top = %d", st)
	}
	if st, _ := ts.api(t, bob, "GET", "/api/v1/docs/"+a1, ""); st != 404 {
		t.Errorf("bob after the page left the shared tree = %d; want 404", st)
	}
	if st, body := ts.api(t, alice, "GET", "/api/v1/docs/"+a1, ""); st != 200 || decodeDoc(t, body).Role != "owner" {
		t.Errorf("alice after move to top = %d %s", st, body)
	}
	// Duplicate with sub-pages.
	st, body := ts.api(t, alice, "POST", "/api/v1/docs/"+root+"/duplicate", `{"with_children":true}`)
	dup := decodeDoc(t, body)
	if st != 201 || dup.Title != "Root (copy)" || dup.ID == root || titles(dup.ID) != "C,A,B" {
		t.Errorf("duplicate = %d %s, children %s", st, body, titles(dup.ID))
	}
}

func TestDocsTrashRestorePurge(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	root := ts.createDoc(t, alice, "Root")
	_, body := ts.api(t, alice, "POST", "/api/v1/docs", `{"title":"Child","parent_id":"`+root+`"}`)
	child := decodeDoc(t, body).ID
	ts.share(t, alice, root, "bob@mairie.fr", "administrator")
	if st, _ := ts.api(t, alice, "DELETE", "/api/v1/docs/"+root+"?permanent=true", ""); st != 403 {
		t.Errorf("purge outside the trash = %d; want 403", st)
	}
	if st, _ := ts.api(t, alice, "DELETE", "/api/v1/docs/"+root, ""); st != 204 {
		t.Fatalf("trash = %d", st)
	}
	for _, who := range []string{alice, bob} {
		for _, id := range []string{root, child} {
			if st, _ := ts.api(t, who, "GET", "/api/v1/docs/"+id, ""); st != 404 {
				t.Errorf("GET trashed %s = %d; want 404", id, st)
			}
		}
	}
	_, body = ts.api(t, alice, "GET", "/api/v1/docs?filter=trash", "")
	if l := decodeDocs(t, body); len(l) != 1 || l[0].ID != root || l[0].DeletedAt == nil || !l[0].Abilities["restore"] {
		t.Errorf("trash = %s", body)
	}
	if _, body := ts.api(t, bob, "GET", "/api/v1/docs?filter=trash", ""); len(decodeDocs(t, body)) != 0 {
		t.Errorf("bob's trash (administrator, not owner) = %s", body)
	}
	if st, _ := ts.api(t, alice, "POST", "/api/v1/docs/"+child+"/restore", ""); st != 404 {
		t.Errorf("restore a sub-page of a trashed page = %d; want 404", st)
	}
	if st, _ := ts.api(t, bob, "POST", "/api/v1/docs/"+root+"/restore", ""); st != 404 {
		t.Errorf("administrator restore = %d; want 404", st)
	}
	if st, body := ts.api(t, alice, "POST", "/api/v1/docs/"+root+"/restore", ""); st != 200 || decodeDoc(t, body).DeletedAt != nil {
		t.Errorf("restore = %d %s", st, body)
	}
	if st, _ := ts.api(t, bob, "GET", "/api/v1/docs/"+child, ""); st != 200 {
		t.Errorf("child after restore = %d", st)
	}
	ts.api(t, alice, "DELETE", "/api/v1/docs/"+root, "")
	if st, _ := ts.api(t, bob, "DELETE", "/api/v1/docs/"+root+"?permanent=true", ""); st != 404 {
		t.Errorf("administrator purge = %d; want 404", st)
	}
	if st, _ := ts.api(t, alice, "DELETE", "/api/v1/docs/"+root+"?permanent=maybe", ""); st != 400 {
		t.Errorf("permanent=maybe = %d; want 400", st)
	}
	if st, _ := ts.api(t, alice, "DELETE", "/api/v1/docs/"+root+"?permanent=true", ""); st != 204 {
		t.Errorf("purge = %d", st)
	}
	var n int
	if err := ts.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM docs WHERE id IN ($1, $2)`, root, child).Scan(&n); err != nil || n != 0 {
		t.Errorf("docs left after purge: %d, %v", n, err)
	}
	if err := ts.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM access_grants WHERE resource_id IN ($1, $2)`, root, child).Scan(&n); err != nil || n != 0 {
		t.Errorf("grants left after purge: %d, %v", n, err)
	}
	if _, body := ts.api(t, alice, "GET", "/api/v1/docs?filter=trash", ""); len(decodeDocs(t, body)) != 0 {
		t.Errorf("trash after purge = %s", body)
	}
}

func TestDocsLastOwnerAndAccesses(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	doc := ts.createDoc(t, alice, "Mine")
	base := "/api/v1/docs/" + doc
	var l struct {
		Accesses []struct {
			ID, Role string
			User     *struct{ ID, Email string }
		}
	}
	_, body := ts.api(t, alice, "GET", base+"/accesses", "")
	if json.Unmarshal([]byte(body), &l) != nil || len(l.Accesses) != 1 || l.Accesses[0].Role != "owner" {
		t.Fatalf("accesses = %s", body)
	}
	aliceAccess := l.Accesses[0].ID
	if st, _ := ts.api(t, alice, "DELETE", base+"/accesses/"+aliceAccess, ""); st != 409 {
		t.Errorf("remove the last owner = %d; want 409", st)
	}
	if st, _ := ts.api(t, alice, "PATCH", base+"/accesses/"+aliceAccess, `{"role":"editor"}`); st != 409 {
		t.Errorf("demote the last owner = %d; want 409", st)
	}
	bobAccess := ts.share(t, alice, doc, "bob@mairie.fr", "administrator")
	if st, _ := ts.api(t, bob, "PATCH", base+"/accesses/"+bobAccess, `{"role":"owner"}`); st != 403 {
		t.Errorf("administrator makes himself owner = %d; want 403", st)
	}
	if st, _ := ts.api(t, bob, "DELETE", base+"/accesses/"+aliceAccess, ""); st != 403 {
		t.Errorf("administrator removes the owner = %d; want 403", st)
	}
	if st, body := ts.api(t, alice, "PATCH", base+"/accesses/"+bobAccess, `{"role":"owner"}`); st != 200 || !strings.Contains(body, `"role":"owner"`) {
		t.Errorf("make bob owner = %d %s", st, body)
	}
	if st, _ := ts.api(t, alice, "DELETE", base+"/accesses/"+aliceAccess, ""); st != 204 {
		t.Errorf("alice leaves with another owner = %d", st)
	}
	if st, _ := ts.api(t, alice, "GET", base, ""); st != 404 {
		t.Errorf("alice after leaving = %d; want 404", st)
	}
	if st, _ := ts.api(t, bob, "PATCH", base+"/accesses/"+bobAccess, `{"role":"reader"}`); st != 409 {
		t.Errorf("bob demotes himself, the last owner = %d; want 409", st)
	}
	for _, bad := range []string{`{"role":"god"}`, `{"email":"x@y.fr","team_id":"` + doc + `","role":"reader"}`, `{"role":"reader"}`, `{"email":"not an email","role":"reader"}`} {
		if st, body := ts.api(t, bob, "POST", base+"/accesses", bad); st != 400 {
			t.Errorf("POST accesses %s = %d %s; want 400", bad, st, body)
		}
	}
	if st, _ := ts.api(t, bob, "PATCH", base+"/accesses/zzzzzzzzzzzzzzzzzzzzzzzzzz", `{"role":"reader"}`); st != 404 {
		t.Errorf("PATCH an unknown access = %d; want 404", st)
	}
	// Sharing with a team: members get the role; only teams one is in.
	bobUser, _ := ts.Identity().UserByEmail(t.Context(), "bob@mairie.fr")
	carolID, carol := ts.token(t, "carol@mairie.fr")
	team, err := ts.Teams().CreateTeam(t.Context(), bobUser, "Cabinet", "")
	if err != nil {
		t.Fatal(err)
	}
	if st, body := ts.api(t, bob, "POST", base+"/accesses", `{"team_id":"`+team.ID+`","role":"editor"}`); st != 201 || !strings.Contains(body, `"name":"Cabinet"`) {
		t.Errorf("share with a team = %d %s", st, body)
	}
	if st, _ := ts.api(t, carol, "GET", base, ""); st != 404 {
		t.Errorf("carol outside the team = %d", st)
	}
	if _, err := ts.Teams().AddMember(t.Context(), bobUser, team.ID, carolID, "member"); err != nil {
		t.Fatal(err)
	}
	if st, body := ts.api(t, carol, "GET", base, ""); st != 200 || decodeDoc(t, body).Role != "editor" {
		t.Errorf("carol in the team = %d %s", st, body)
	}
	if _, body := ts.api(t, carol, "GET", "/api/v1/docs?filter=shared", ""); len(decodeDocs(t, body)) != 1 {
		t.Errorf("carol's shared = %s", body)
	}
	// Security events are in the audit log.
	for _, action := range []string{"doc.access_grant", "doc.access_change", "doc.access_remove"} {
		var n int
		if err := ts.DB().QueryRowContext(t.Context(), `SELECT count(*) FROM audit_events WHERE action = $1 AND target_id = $2`, action, doc).Scan(&n); err != nil || n == 0 {
			t.Errorf("audit %s: %d, %v", action, n, err)
		}
	}
	// Someone who reads through the link only does not see who else has access.
	ts.api(t, bob, "PATCH", base, `{"link_reach":"authenticated"}`)
	_, dave := ts.token(t, "dave@mairie.fr")
	if st, _ := ts.api(t, dave, "GET", base+"/accesses", ""); st != 403 {
		t.Errorf("link reader lists accesses = %d; want 403", st)
	}
	carolTeam, _ := ts.Teams().CreateTeam(t.Context(), identity.User{ID: carolID}, "Carol's", "")
	if st, _ := ts.api(t, bob, "POST", base+"/accesses", `{"team_id":"`+carolTeam.ID+`","role":"reader"}`); st != 404 {
		t.Errorf("share with a team one is not in = %d; want 404", st)
	}
}

func TestDocsAccessRequests(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	_, carol := ts.token(t, "carol@mairie.fr")
	doc := ts.createDoc(t, alice, "Secret title")
	base := "/api/v1/docs/" + doc
	st, body := ts.api(t, bob, "POST", base+"/access-requests", `{"role":"editor"}`)
	if st != 201 || strings.Contains(body, "Secret") {
		t.Fatalf("request = %d %s", st, body)
	}
	if st, _ := ts.api(t, "", "POST", base+"/access-requests", `{"role":"editor"}`); st != 401 {
		t.Errorf("anonymous request = %d; want 401", st)
	}
	if st, _ := ts.api(t, bob, "POST", base+"/access-requests", `{"role":"owner"}`); st != 400 {
		t.Errorf("request ownership = %d; want 400", st)
	}
	ts.share(t, alice, doc, "carol@mairie.fr", "editor")
	if st, _ := ts.api(t, carol, "GET", base+"/access-requests", ""); st != 403 {
		t.Errorf("editor lists requests = %d; want 403", st)
	}
	if st, _ := ts.api(t, bob, "GET", base+"/access-requests", ""); st != 404 {
		t.Errorf("requester lists requests = %d; want 404", st)
	}
	_, body = ts.api(t, alice, "GET", base+"/access-requests", "")
	var l struct {
		Requests []struct {
			ID, Role string
			User     struct{ Email string }
		}
	}
	if json.Unmarshal([]byte(body), &l) != nil || len(l.Requests) != 1 || l.Requests[0].User.Email != "bob@mairie.fr" || l.Requests[0].Role != "editor" {
		t.Fatalf("requests = %s", body)
	}
	rid := l.Requests[0].ID
	if st, _ := ts.api(t, carol, "POST", base+"/access-requests/"+rid+"/accept", ""); st != 403 {
		t.Errorf("editor accepts = %d; want 403", st)
	}
	if st, _ := ts.api(t, alice, "POST", base+"/access-requests/"+rid+"/accept", `{"role":"commenter"}`); st != 204 {
		t.Errorf("accept = %d", st)
	}
	if st, body := ts.api(t, bob, "GET", base, ""); st != 200 || decodeDoc(t, body).Role != "commenter" {
		t.Errorf("bob after accept = %d %s", st, body)
	}
	if st, _ := ts.api(t, alice, "POST", base+"/access-requests/"+rid+"/accept", ""); st != 404 {
		t.Errorf("accept twice = %d; want 404", st)
	}
	_, dave := ts.token(t, "dave@mairie.fr")
	ts.api(t, dave, "POST", base+"/access-requests", "")
	_, body = ts.api(t, alice, "GET", base+"/access-requests", "")
	json.Unmarshal([]byte(body), &l)
	if len(l.Requests) != 1 || l.Requests[0].Role != "reader" {
		t.Fatalf("requests = %s", body)
	}
	if st, _ := ts.api(t, alice, "DELETE", base+"/access-requests/"+l.Requests[0].ID, ""); st != 204 {
		t.Errorf("refuse = %d", st)
	}
	if st, _ := ts.api(t, dave, "GET", base, ""); st != 404 {
		t.Errorf("dave after refusal = %d; want 404", st)
	}
}

func TestDocsInvitationOfAnEmailWithoutAccount(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	doc := ts.createDoc(t, alice, "Invite")
	st, body := ts.api(t, alice, "POST", "/api/v1/docs/"+doc+"/accesses", `{"email":"newcomer@prefecture.fr","role":"editor"}`)
	var r struct {
		Invitation struct{ ID, URL, Email, Role string }
	}
	if st != 201 || json.Unmarshal([]byte(body), &r) != nil || !strings.Contains(r.Invitation.URL, "/invite/ens_i_") || r.Invitation.Role != "editor" {
		t.Fatalf("invite = %d %s", st, body)
	}
	_, body = ts.api(t, alice, "GET", "/api/v1/docs/"+doc+"/invitations", "")
	if !strings.Contains(body, `"email":"newcomer@prefecture.fr"`) || !strings.Contains(body, `"id":"`+r.Invitation.ID+`"`) || strings.Contains(body, "ens_i_") {
		t.Errorf("pending invitations = %s", body)
	}
	// A second invitation, revoked, is never claimed.
	_, other := ts.token(t, "other@mairie.fr")
	ts.share(t, alice, doc, "other@mairie.fr", "reader")
	if st, _ := ts.api(t, other, "GET", "/api/v1/docs/"+doc+"/invitations", ""); st != 403 {
		t.Errorf("reader lists invitations = %d; want 403", st)
	}
	if st, _ := ts.api(t, other, "DELETE", "/api/v1/docs/"+doc+"/invitations/"+r.Invitation.ID, ""); st != 403 {
		t.Errorf("reader revokes = %d; want 403", st)
	}
	secret := r.Invitation.URL[strings.LastIndex(r.Invitation.URL, "/")+1:]
	u, _, err := ts.Teams().AcceptInvitation(t.Context(), secret, "Newcomer", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	_, tok, err := ts.Identity().CreateToken(t.Context(), u.ID, "test", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if st, body := ts.api(t, tok, "GET", "/api/v1/docs/"+doc, ""); st != 200 || decodeDoc(t, body).Role != "editor" {
		t.Errorf("invited account GET = %d %s", st, body)
	}
	if _, body := ts.api(t, alice, "GET", "/api/v1/docs/"+doc+"/invitations", ""); !strings.Contains(body, `"invitations":[]`) {
		t.Errorf("invitations after the claim = %s", body)
	}
	// Revoked before the account exists: never claimed.
	st, body = ts.api(t, alice, "POST", "/api/v1/docs/"+doc+"/accesses", `{"email":"revoked@prefecture.fr","role":"reader"}`)
	if st != 201 || json.Unmarshal([]byte(body), &r) != nil {
		t.Fatalf("invite = %d %s", st, body)
	}
	if st, _ := ts.api(t, alice, "DELETE", "/api/v1/docs/"+doc+"/invitations/"+r.Invitation.ID, ""); st != 204 {
		t.Errorf("revoke = %d", st)
	}
	if st, _ := ts.api(t, alice, "DELETE", "/api/v1/docs/"+doc+"/invitations/"+r.Invitation.ID, ""); st != 404 {
		t.Errorf("revoke twice = %d; want 404", st)
	}
	secret = r.Invitation.URL[strings.LastIndex(r.Invitation.URL, "/")+1:]
	u2, _, err := ts.Teams().AcceptInvitation(t.Context(), secret, "Revoked", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	_, tok2, _ := ts.Identity().CreateToken(t.Context(), u2.ID, "test", time.Hour)
	if st, _ := ts.api(t, tok2, "GET", "/api/v1/docs/"+doc, ""); st != 404 {
		t.Errorf("account of a revoked invitation GET = %d; want 404", st)
	}
}

func TestDocsListings(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	a := ts.createDoc(t, alice, "Alice's")
	b := ts.createDoc(t, bob, "Bob's")
	ts.share(t, bob, b, "alice@mairie.fr", "reader")
	_, body := ts.api(t, alice, "POST", "/api/v1/docs", `{"title":"Sub","parent_id":"`+a+`"}`)
	sub := decodeDoc(t, body).ID
	ids := func(filter string) string {
		t.Helper()
		st, body := ts.api(t, alice, "GET", "/api/v1/docs?filter="+filter, "")
		if st != 200 {
			t.Fatalf("filter %s = %d %s", filter, st, body)
		}
		var out []string
		for _, d := range decodeDocs(t, body) {
			out = append(out, d.Title)
		}
		return strings.Join(out, ",")
	}
	if got := ids("all"); got != "Bob's,Alice's" && got != "Alice's,Bob's" {
		t.Errorf("all = %s (sub-pages are not at the top)", got)
	}
	if got := ids("mine"); !strings.Contains(got, "Alice's") || strings.Contains(got, "Bob's") {
		t.Errorf("mine = %s", got)
	}
	if got := ids("shared"); got != "Bob's" {
		t.Errorf("shared = %s", got)
	}
	if got := ids("favorites"); got != "" {
		t.Errorf("favorites = %s", got)
	}
	ts.api(t, alice, "PUT", "/api/v1/docs/"+b+"/favorite", "")
	if got := ids("favorites"); got != "Bob's" {
		t.Errorf("favorites = %s", got)
	}
	if _, body := ts.api(t, alice, "GET", "/api/v1/docs/"+b, ""); !decodeDoc(t, body).Favorite {
		t.Errorf("is_favorite false: %s", body)
	}
	ts.api(t, alice, "DELETE", "/api/v1/docs/"+b+"/favorite", "")
	if got := ids("favorites"); got != "" {
		t.Errorf("favorites after removal = %s", got)
	}
	ts.api(t, alice, "GET", "/api/v1/docs/"+sub, "")
	if got := ids("recent"); !strings.HasPrefix(got, "Sub") {
		t.Errorf("recent = %s", got)
	}
	if st, _ := ts.api(t, alice, "GET", "/api/v1/docs?filter=everything", ""); st != 400 {
		t.Errorf("bad filter = %d", st)
	}
	if st, _ := ts.api(t, "", "GET", "/api/v1/docs", ""); st != 401 {
		t.Errorf("anonymous list = %d", st)
	}
}

// TestDocsAncestors checks the breadcrumb that GET /api/v1/docs/{id} gives:
// the pages above that the caller may read, top first, ending at the parent.
func TestDocsAncestors(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	root := ts.createDoc(t, alice, "Root")
	mk := func(title, parent string) string {
		st, body := ts.api(t, alice, "POST", "/api/v1/docs", `{"title":"`+title+`","parent_id":"`+parent+`"}`)
		if st != 201 {
			t.Fatalf("create %s = %d %s", title, st, body)
		}
		return decodeDoc(t, body).ID
	}
	a := mk("A", root)
	a1 := mk("A1", a)
	a2 := mk("A2", a1)
	chain := func(secret, id string) string {
		t.Helper()
		st, body := ts.api(t, secret, "GET", "/api/v1/docs/"+id, "")
		var d struct {
			Ancestors *[]struct{ ID, Title string } `json:"ancestors"`
		}
		if st != 200 || json.Unmarshal([]byte(body), &d) != nil || d.Ancestors == nil {
			t.Fatalf("GET %s = %d %s; want ancestors", id, st, body)
		}
		var out []string
		for _, p := range *d.Ancestors {
			if p.ID == "" {
				t.Errorf("ancestor without id in %s", body)
			}
			out = append(out, p.Title)
		}
		return strings.Join(out, ">")
	}
	if got := chain(alice, a2); got != "Root>A>A1" {
		t.Errorf("alice's ancestors of A2 = %q", got)
	}
	if got := chain(alice, root); got != "" {
		t.Errorf("ancestors of the root = %q; want none", got)
	}
	// Bob reads from A down: the root is not his to see.
	ts.share(t, alice, a, "bob@mairie.fr", "reader")
	if got := chain(bob, a2); got != "A>A1" {
		t.Errorf("bob's ancestors of A2 = %q; want A>A1", got)
	}
	// Only the page opened counts as a visit, not its ancestors.
	if _, body := ts.api(t, bob, "GET", "/api/v1/docs?filter=recent", ""); len(decodeDocs(t, body)) != 1 || decodeDocs(t, body)[0].ID != a2 {
		t.Errorf("bob's recent after opening A2 = %s; want A2 only", body)
	}
	// A public link on A1 shows A1 to visitors, not what is above.
	if st, body := ts.api(t, alice, "PATCH", "/api/v1/docs/"+a1, `{"link_reach":"public","link_role":"reader"}`); st != 200 || strings.Contains(body, `"ancestors"`) {
		t.Errorf("PATCH = %d %s; want 200 without ancestors", st, body)
	}
	if got := chain("", a2); got != "A1" {
		t.Errorf("visitor's ancestors of A2 = %q; want A1", got)
	}
}
