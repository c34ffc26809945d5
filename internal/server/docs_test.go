// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
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

func TestDocRecordAPI(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, bob := ts.token(t, "bob@mairie.fr")
	id := ts.createDoc(t, alice, "Ordre du jour")
	if r, body := ts.do(t, "GET", "/api/v1/docs/"+id, nil, map[string]string{"Authorization": "Bearer " + alice}); r.StatusCode != 200 || !strings.Contains(string(body), `"title":"Ordre du jour"`) {
		t.Errorf("owner GET = %d %s", r.StatusCode, body)
	}
	for _, path := range []string{"/api/v1/docs/" + id, "/api/v1/docs/nonsense"} {
		if r, _ := ts.do(t, "GET", path, nil, map[string]string{"Authorization": "Bearer " + bob}); r.StatusCode != 404 {
			t.Errorf("outsider GET %s = %d; want 404", path, r.StatusCode)
		}
	}
	if r, _ := ts.do(t, "GET", "/api/v1/docs/"+id, nil, nil); r.StatusCode != 401 {
		t.Errorf("anonymous GET = %d; want 401", r.StatusCode)
	}
	if r, _ := ts.do(t, "POST", "/api/v1/docs", strings.NewReader(`{"title":"x","extra":1}`), map[string]string{"Authorization": "Bearer " + alice, "Content-Type": "application/json"}); r.StatusCode != 400 {
		t.Errorf("unknown field = %d; want 400", r.StatusCode)
	}
}
