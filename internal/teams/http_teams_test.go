// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

func TestHTTPTeams(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := newServer(t, d)
		alice, bob := ts.user(t, "alice@mairie.fr", false), ts.user(t, "bob@mairie.fr", false)
		ts.user(t, "root@mairie.fr", true)
		ac, bc, rc := ts.login(t, "alice@mairie.fr"), ts.login(t, "bob@mairie.fr"), ts.login(t, "root@mairie.fr")
		tm := ts.team(t, alice, "Sports")

		if r, _ := ts.do(t, nil, "GET", "/api/v1/teams", ""); r.StatusCode != 401 {
			t.Errorf("anonymous list = %d; want 401", r.StatusCode)
		}
		// To an outsider, a team is as absent as one that never existed.
		for _, id := range []string{tm.ID, ids.New(), "garbage", strings.Repeat("z", 300)} {
			for _, req := range []struct{ method, path, body string }{
				{"GET", "/api/v1/teams/" + id, ""},
				{"PATCH", "/api/v1/teams/" + id, `{"name":"Taken"}`},
				{"DELETE", "/api/v1/teams/" + id, ""},
				{"GET", "/api/v1/teams/" + id + "/members", ""},
				{"POST", "/api/v1/teams/" + id + "/members", `{"email":"bob@mairie.fr"}`},
				{"PATCH", "/api/v1/teams/" + id + "/members/" + alice.ID, `{"role":"member"}`},
				{"DELETE", "/api/v1/teams/" + id + "/members/" + alice.ID, ""},
			} {
				if r, body := ts.do(t, bc, req.method, req.path, req.body); r.StatusCode != 404 || errCode(body) != "not_found" {
					t.Errorf("outsider %s %s = %d %v; want 404", req.method, req.path, r.StatusCode, body)
				}
			}
		}

		// The last owner can neither leave nor step down.
		if r, body := ts.do(t, ac, "PATCH", "/api/v1/teams/"+tm.ID+"/members/"+alice.ID, `{"role":"administrator"}`); r.StatusCode != 409 || errCode(body) != "last_owner" {
			t.Errorf("last owner stepping down = %d %v", r.StatusCode, body)
		}
		if r, body := ts.do(t, ac, "DELETE", "/api/v1/teams/"+tm.ID+"/members/"+alice.ID, ""); r.StatusCode != 409 || errCode(body) != "last_owner" {
			t.Errorf("last owner leaving = %d %v", r.StatusCode, body)
		}

		// A member reads but does not manage, and may leave.
		ts.add(t, alice, tm.ID, bob, RoleMember)
		if r, body := ts.do(t, bc, "GET", "/api/v1/teams/"+tm.ID+"/members", ""); r.StatusCode != 200 || len(body["members"].([]any)) != 2 {
			t.Errorf("member listing members = %d %v", r.StatusCode, body)
		}
		if r, _ := ts.do(t, bc, "PATCH", "/api/v1/teams/"+tm.ID, `{"name":"Mine"}`); r.StatusCode != 403 {
			t.Errorf("member renaming = %d; want 403", r.StatusCode)
		}
		if r, _ := ts.do(t, bc, "PATCH", "/api/v1/teams/"+tm.ID+"/members/"+bob.ID, `{"role":"owner"}`); r.StatusCode != 403 {
			t.Errorf("member promoting themselves = %d; want 403", r.StatusCode)
		}
		if r, _ := ts.do(t, bc, "DELETE", "/api/v1/teams/"+tm.ID+"/members/"+bob.ID, ""); r.StatusCode != 204 {
			t.Errorf("member leaving = %d; want 204", r.StatusCode)
		}
		ts.add(t, alice, tm.ID, bob, RoleMember)
		for _, bad := range []string{`{"role":""}`, `{"role":"boss"}`, `{"role":1}`, `{}`} {
			if r, _ := ts.do(t, ac, "PATCH", "/api/v1/teams/"+tm.ID+"/members/"+bob.ID, bad); r.StatusCode != 400 {
				t.Errorf("PATCH role %s = %d; want 400", bad, r.StatusCode)
			}
		}
		if r, body := ts.do(t, ac, "PATCH", "/api/v1/teams/"+tm.ID+"/members/"+bob.ID, `{"role":"administrator"}`); r.StatusCode != 200 || str(body, "member", "role") != "administrator" {
			t.Errorf("owner promoting = %d %v", r.StatusCode, body)
		}
		if r, body := ts.do(t, bc, "PATCH", "/api/v1/teams/"+tm.ID, `{"description":"Stades et piscines"}`); r.StatusCode != 200 || str(body, "team", "name") != "Sports" {
			t.Errorf("administrator describing = %d %v", r.StatusCode, body)
		}

		// Team managers see every pending invitation to it, whoever sent it;
		// members do not.
		ts.do(t, ac, "POST", "/api/v1/teams/"+tm.ID+"/members", `{"email":"guest@ailleurs.fr"}`)
		if r, body := ts.do(t, bc, "GET", "/api/v1/teams/"+tm.ID+"/invitations", ""); r.StatusCode != 200 || len(body["invitations"].([]any)) != 1 {
			t.Errorf("administrator listing the team's invitations = %d %v", r.StatusCode, body)
		}
		ts.do(t, ac, "PATCH", "/api/v1/teams/"+tm.ID+"/members/"+bob.ID, `{"role":"member"}`)
		if r, _ := ts.do(t, bc, "GET", "/api/v1/teams/"+tm.ID+"/invitations", ""); r.StatusCode != 403 {
			t.Errorf("member listing the team's invitations = %d; want 403", r.StatusCode)
		}
		ts.do(t, ac, "PATCH", "/api/v1/teams/"+tm.ID+"/members/"+bob.ID, `{"role":"administrator"}`)

		// Site administrators list every team with its size.
		if r, _ := ts.do(t, ac, "GET", "/api/v1/admin/teams", ""); r.StatusCode != 403 {
			t.Errorf("admin list by a user = %d; want 403", r.StatusCode)
		}
		r, body := ts.do(t, rc, "GET", "/api/v1/admin/teams", "")
		if list, _ := body["teams"].([]any); r.StatusCode != 200 || len(list) != 1 || list[0].(map[string]any)["members"] != 2.0 {
			t.Errorf("admin list = %d %v", r.StatusCode, body)
		}

		if r, _ := ts.do(t, bc, "DELETE", "/api/v1/teams/"+tm.ID, ""); r.StatusCode != 403 {
			t.Errorf("administrator deleting = %d; want 403", r.StatusCode)
		}
		if r, _ := ts.do(t, ac, "DELETE", "/api/v1/teams/"+tm.ID, ""); r.StatusCode != 204 {
			t.Errorf("owner deleting = %d; want 204", r.StatusCode)
		}
		if r, _ := ts.do(t, ac, "GET", "/api/v1/teams/"+tm.ID, ""); r.StatusCode != 404 {
			t.Errorf("a deleted team = %d; want 404", r.StatusCode)
		}
		events, _ := ts.audit.List(t.Context(), audit.Filter{Action: "team."})
		seen := map[string]bool{}
		for _, e := range events {
			seen[e.Action] = true
		}
		for _, a := range []string{"team.delete", "team.update", "team.member.role", "team.member.leave"} {
			if !seen[a] {
				t.Errorf("no %s event in the audit log", a)
			}
		}
	})
}

// TestHTTPHostileInput: malformed, oversized and wrong input is a 4xx,
// never a 500 or a change.
func TestHTTPHostileInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := newServer(t, d)
		alice := ts.user(t, "alice@mairie.fr", false)
		ac := ts.login(t, "alice@mairie.fr")
		tm := ts.team(t, alice, "Jeunesse")
		huge := strings.Repeat("x", 10_000)
		for _, c := range []struct {
			method, path, body string
			status             int
		}{
			{"POST", "/api/v1/teams", `{"name":`, 400},
			{"POST", "/api/v1/teams", `{"name":"a","owner":"me"}`, 400},
			{"POST", "/api/v1/teams", `{"name":["a"]}`, 400},
			{"POST", "/api/v1/teams", `{"name":""}`, 400},
			{"POST", "/api/v1/teams", `{"name":"` + huge + `"}`, 400},
			{"POST", "/api/v1/teams", `{"name":"a","description":"` + huge + `"}`, 400},
			{"POST", "/api/v1/teams", `{"name":"` + strings.Repeat("y", 70_000) + `"}`, 413},
			{"POST", "/api/v1/teams", `{"name":"a"}{"name":"b"}`, 400},
			{"PATCH", "/api/v1/teams/" + tm.ID, `{"name":"\n"}`, 400},
			{"POST", "/api/v1/teams/" + tm.ID + "/members", `{"email":"not an email"}`, 400},
			{"POST", "/api/v1/teams/" + tm.ID + "/members", `{"email":"<script>@x.fr"}`, 400},
			{"POST", "/api/v1/teams/" + tm.ID + "/members", `{"email":"a@b.fr","role":"god"}`, 400},
			{"POST", "/api/v1/teams/" + tm.ID + "/members", `{"email":"a@b.fr","team_id":"` + ids.New() + `"}`, 400},
			{"POST", "/api/v1/invitations", `{"email":5}`, 400},
			{"POST", "/api/v1/invitations", `{"email":"` + huge + `@b.fr"}`, 400},
			{"POST", "/api/v1/invitations", `{"email":"a@b.fr","role":"owner"}`, 400},
			{"POST", "/api/v1/invitations", `{"email":"a@b.fr","team_id":"../../etc"}`, 404},
			{"DELETE", "/api/v1/invitations/" + huge, "", 404},
			{"GET", "/api/v1/invitations/ens_i_" + huge, "", 404},
			{"POST", "/api/v1/invitations/ens_i_nope/accept", `{"name":`, 400},
			{"POST", "/api/v1/invitations/ens_i_nope/accept", `{"name":"x","password":"` + pw + `"}`, 404},
		} {
			r, body := ts.do(t, ac, c.method, c.path, c.body)
			if c.method == "POST" && strings.HasSuffix(c.path, "/accept") {
				r, body = ts.do(t, nil, c.method, c.path, c.body)
			}
			if r.StatusCode != c.status || errCode(body) == "" {
				t.Errorf("%s %s %.60s = %d %v; want %d", c.method, c.path[:min(len(c.path), 60)], c.body, r.StatusCode, body, c.status)
			}
		}
		if list, _ := ts.s.TeamsOf(t.Context(), alice.ID); len(list) != 1 || list[0].Name != "Jeunesse" {
			t.Errorf("hostile input changed the teams: %+v", list)
		}
		if sent, _ := ts.s.SentInvitations(t.Context(), alice); len(sent) != 0 {
			t.Errorf("hostile input made invitations: %+v", sent)
		}
	})
}
