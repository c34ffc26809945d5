// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
)

// TestTeamsGuestInvitation: through the whole server, an owner invites a
// guest; the guest accepts the link, goes through the web app's sign-in
// (the OpenID Connect code flow) and uses the API as a team member.
func TestTeamsGuestInvitation(t *testing.T) {
	ts := start(t, nil)
	ts.user(t, "alice@mairie.fr", false)
	_, alice := ts.login(t, "alice@mairie.fr", testPassword)
	h := map[string]string{"Cookie": alice.String(), "Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"}
	r, body := ts.do(t, "POST", "/api/v1/teams", strings.NewReader(`{"name":"Urbanisme"}`), h)
	var team struct{ Team struct{ ID string } }
	json.Unmarshal(body, &team)
	if r.StatusCode != 201 || team.Team.ID == "" {
		t.Fatalf("create team = %d %s", r.StatusCode, body)
	}
	r, body = ts.do(t, "POST", "/api/v1/teams/"+team.Team.ID+"/members", strings.NewReader(`{"email":"guest@partenaire.eu"}`), h)
	var inv struct{ URL, Delivered string }
	json.Unmarshal(body, &inv)
	if r.StatusCode != 201 || inv.Delivered != "shown" || !strings.HasPrefix(inv.URL, ts.url+"/invite/ens_i_") {
		t.Fatalf("invite = %d %s", r.StatusCode, body)
	}
	secret := strings.TrimPrefix(inv.URL, ts.url+"/invite/")
	if r, body := ts.do(t, "GET", "/api/v1/invitations/"+secret, nil, nil); r.StatusCode != 200 || !strings.Contains(string(body), `"team_name":"Urbanisme"`) {
		t.Fatalf("show invitation = %d %s", r.StatusCode, body)
	}

	// The guest's browser: accept, then follow the answer's redirect.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	req, _ := http.NewRequest("POST", ts.url+"/api/v1/invitations/"+secret+"/accept", strings.NewReader(`{"name":"Gaston","password":"`+testPassword+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := browser.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var accepted struct{ Redirect string }
	json.NewDecoder(resp.Body).Decode(&accepted)
	resp.Body.Close()
	if resp.StatusCode != 201 || accepted.Redirect == "" {
		t.Fatalf("accept = %d, redirect %q", resp.StatusCode, accepted.Redirect)
	}
	resp, err = browser.Get(ts.url + accepted.Redirect)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/teams/"+team.Team.ID {
		t.Fatalf("the guest landed on %s", resp.Request.URL)
	}
	resp, err = browser.Get(ts.url + "/api/v1/teams")
	if err != nil {
		t.Fatal(err)
	}
	var mine struct{ Teams []struct{ ID, Role string } }
	json.NewDecoder(resp.Body).Decode(&mine)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(mine.Teams) != 1 || mine.Teams[0].ID != team.Team.ID || mine.Teams[0].Role != "member" {
		t.Fatalf("the guest's teams = %d %+v", resp.StatusCode, mine)
	}
	if r, _ := ts.do(t, "POST", "/api/v1/invitations/"+secret+"/accept", strings.NewReader(`{"name":"Again","password":"`+testPassword+`"}`),
		map[string]string{"Content-Type": "application/json"}); r.StatusCode != 404 {
		t.Fatalf("reusing the link = %d", r.StatusCode)
	}
}
