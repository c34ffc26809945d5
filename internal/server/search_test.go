// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"
	"time"
)

// importDoc imports a Markdown file as a new document (under parentID if
// not empty) and returns its ID.
func (ts *testServer) importDoc(t *testing.T, secret, name, markdown, parentID string) string {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if parentID != "" {
		mw.WriteField("parent_id", parentID)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(markdown))
	mw.Close()
	r, b := ts.do(t, "POST", "/api/v1/docs/import", &body,
		map[string]string{"Authorization": "Bearer " + secret, "Content-Type": mw.FormDataContentType()})
	var d struct{ ID string }
	if r.StatusCode != 201 || json.Unmarshal(b, &d) != nil || d.ID == "" {
		t.Fatalf("import %s = %d %s", name, r.StatusCode, b)
	}
	return d.ID
}

type searchResult struct {
	Type, ID, Title, Snippet string
}

// search asks GET /api/v1/search as the holder of secret.
func (ts *testServer) search(t *testing.T, secret, query string) (int, []searchResult) {
	t.Helper()
	code, body := ts.api(t, secret, "GET", "/api/v1/search?"+query, "")
	var out struct{ Results []searchResult }
	if code == 200 {
		if err := json.Unmarshal([]byte(body), &out); err != nil {
			t.Fatalf("search %s: %v", body, err)
		}
	}
	return code, out.Results
}

func TestSearchDocuments(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@example.org")
	_, bob := ts.token(t, "bob@example.org")

	budget := ts.importDoc(t, alice, "budget.md", "# Budget 2027\n\nThe municipal budget for **schools** and roads.\n", "")
	minutes := ts.importDoc(t, alice, "minutes.md", "# Council minutes\n\nThe council voted the schools budget.\n", budget)
	private := ts.importDoc(t, bob, "bob.md", "# Bob's notes\n\nMy own thoughts on schools.\n", "")

	// The indexer catches up within seconds of the change.
	var got []searchResult
	deadline := time.Now().Add(15 * time.Second)
	for {
		var code int
		code, got = ts.search(t, alice, "q=schools")
		if code != 200 {
			t.Fatalf("search answered %d", code)
		}
		if len(got) == 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if ids := resultSet(got); !ids[budget] || !ids[minutes] || ids[private] {
		t.Fatalf("alice searching schools found %+v; want her two documents and never bob's", got)
	}
	for _, r := range got {
		if r.Type != "doc" || r.Title == "" || !strings.Contains(r.Snippet, "<mark>schools</mark>") {
			t.Errorf("result %+v: want a doc with a title and a marked snippet", r)
		}
	}

	// Bob finds only his own; sharing makes alice's readable to him.
	if _, got := ts.search(t, bob, "q=schools"); len(got) != 1 || got[0].ID != private {
		t.Errorf("bob found %+v; want only his own document", got)
	}
	if code, body := ts.api(t, alice, "POST", "/api/v1/docs/"+budget+"/accesses", `{"email":"bob@example.org","role":"reader"}`); code != 201 {
		t.Fatalf("share = %d %s", code, body)
	}
	if _, got := ts.search(t, bob, "q=council"); len(got) != 1 || got[0].ID != minutes {
		t.Errorf("after sharing the parent, bob searching council found %+v; want the sub-page", got)
	}

	// Within a page: the page and its sub-pages only.
	if _, got := ts.search(t, alice, "q=budget&parent_id="+url.QueryEscape(minutes)); len(got) != 1 || got[0].ID != minutes {
		t.Errorf("searching within the sub-page found %+v", got)
	}
	if code, _ := ts.search(t, bob, "q=budget&parent_id="+private); code != 200 {
		t.Errorf("searching within one's own page answered %d", code)
	}
	if code, _ := ts.search(t, alice, "q=budget&parent_id="+private); code != 404 {
		t.Errorf("searching within a page one cannot read answered %d; want 404", code)
	}

	// A renamed document is found by its new title.
	if code, body := ts.api(t, alice, "PATCH", "/api/v1/docs/"+budget, `{"title":"Finances municipales"}`); code != 200 {
		t.Fatalf("rename = %d %s", code, body)
	}
	deadline = time.Now().Add(15 * time.Second)
	for {
		_, got = ts.search(t, alice, "q=finances")
		if len(got) == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(got) != 1 || got[0].ID != budget {
		t.Errorf("searching the new title found %+v", got)
	}

	// A trashed document is not found any more.
	if code, body := ts.api(t, alice, "DELETE", "/api/v1/docs/"+budget, ""); code != 204 {
		t.Fatalf("trash = %d %s", code, body)
	}
	if _, got := ts.search(t, bob, "q=schools"); len(got) != 1 || got[0].ID != private {
		t.Errorf("after trashing, bob found %+v", got)
	}

	// Bad queries get clear errors; no credentials, no search.
	if code, _ := ts.search(t, alice, "q=%20%3F%21"); code != 400 {
		t.Errorf("a query without words answered %d; want 400", code)
	}
	if code, _ := ts.search(t, alice, "q="+strings.Repeat("a", 600)); code != 400 {
		t.Errorf("an over-long query answered %d; want 400", code)
	}
	if code, _ := ts.search(t, "", "q=schools"); code != 401 {
		t.Errorf("an anonymous search answered %d; want 401", code)
	}
}

func resultSet(rs []searchResult) map[string]bool {
	m := map[string]bool{}
	for _, r := range rs {
		m[r.ID] = true
	}
	return m
}
