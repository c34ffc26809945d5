// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

func str(m map[string]any, keys ...string) string {
	var v any = m
	for _, k := range keys {
		mm, _ := v.(map[string]any)
		v = mm[k]
	}
	s, _ := v.(string)
	return s
}

// TestHTTPInvitationFlow: a team owner invites an unknown email, the guest
// opens the link, creates their account, is signed in and in the team,
// and the link is spent.
func TestHTTPInvitationFlow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := newServer(t, d)
		ts.user(t, "alice@mairie.fr", false)
		bob := ts.user(t, "bob@mairie.fr", false)
		alice := ts.login(t, "alice@mairie.fr")

		r, body := ts.do(t, alice, "POST", "/api/v1/teams", `{"name":"Urbanisme","description":"PLU"}`)
		teamID := str(body, "team", "id")
		if r.StatusCode != 201 || str(body, "team", "role") != "owner" || teamID == "" {
			t.Fatalf("create team = %d %v", r.StatusCode, body)
		}
		r, body = ts.do(t, alice, "POST", "/api/v1/teams/"+teamID+"/members", `{"email":"guest@partenaire.eu"}`)
		link := str(body, "url")
		if r.StatusCode != 201 || str(body, "delivered") != "shown" || str(body, "invitation", "email") != "guest@partenaire.eu" ||
			!strings.HasPrefix(link, "http://ensemble.test/invite/ens_i_") {
			t.Fatalf("invite = %d %v", r.StatusCode, body)
		}
		secret := strings.TrimPrefix(link, "http://ensemble.test/invite/")
		if r, body := ts.do(t, alice, "GET", "/api/v1/invitations", ""); r.StatusCode != 200 || len(body["invitations"].([]any)) != 1 {
			t.Fatalf("my invitations = %d %v", r.StatusCode, body)
		}

		// The guest, anonymous, sees what the link is for.
		r, body = ts.do(t, nil, "GET", "/api/v1/invitations/"+secret, "")
		if r.StatusCode != 200 || str(body, "invitation", "email") != "guest@partenaire.eu" || str(body, "invitation", "team_name") != "Urbanisme" ||
			str(body, "invitation", "inviter_name") != "Agent alice" {
			t.Fatalf("show invitation = %d %v", r.StatusCode, body)
		}
		if r, body := ts.do(t, nil, "POST", "/api/v1/invitations/"+secret+"/accept", `{"name":"Gaston","password":"short"}`); r.StatusCode != 400 || errCode(body) != "weak_password" {
			t.Fatalf("accept with a weak password = %d %v", r.StatusCode, body)
		}
		r, body = ts.do(t, nil, "POST", "/api/v1/invitations/"+secret+"/accept", `{"name":"Gaston Lagaffe","password":"`+pw+`"}`)
		if r.StatusCode != 201 || str(body, "user", "email") != "guest@partenaire.eu" || body["signed_in"] != true {
			t.Fatalf("accept = %d %v", r.StatusCode, body)
		}
		// The guest's browser is signed in (single sign-on), and the web app's
		// sign-in makes the app session the API reads.
		sso := cookie(r, ts.users.SSOCookieName())
		if sso == nil || !sso.HttpOnly || sso.SameSite != http.SameSiteLaxMode || sso.Path != "/" {
			t.Fatalf("accept set no proper session cookie: %v", r.Header["Set-Cookie"])
		}
		if want := "/auth/login?return_to=%2Fteams%2F" + teamID; str(body, "redirect") != want {
			t.Errorf("redirect = %q; want %q", str(body, "redirect"), want)
		}
		guest := ts.appSession(t, sso)
		r, body = ts.do(t, guest, "GET", "/api/v1/me", "")
		if r.StatusCode != 200 || str(body, "user", "email") != "guest@partenaire.eu" || body["user"].(map[string]any)["email_verified"] != true {
			t.Fatalf("/api/v1/me as the guest = %d %v", r.StatusCode, body)
		}
		r, body = ts.do(t, guest, "GET", "/api/v1/teams", "")
		if teams, _ := body["teams"].([]any); r.StatusCode != 200 || len(teams) != 1 || str(teams[0].(map[string]any), "role") != "member" {
			t.Fatalf("the guest's teams = %d %v", r.StatusCode, body)
		}
		// The link is spent.
		for _, req := range [][2]string{{"GET", ""}, {"POST", "/accept"}} {
			b := ""
			if req[0] == "POST" {
				b = `{"name":"Again","password":"` + pw + `"}`
			}
			if r, body := ts.do(t, nil, req[0], "/api/v1/invitations/"+secret+req[1], b); r.StatusCode != 404 || errCode(body) != "invalid_link" {
				t.Fatalf("%s a used link = %d %v", req[0], r.StatusCode, body)
			}
		}

		// An expired link is refused.
		_, body = ts.do(t, alice, "POST", "/api/v1/invitations", `{"email":"late@partenaire.eu"}`)
		late := strings.TrimPrefix(str(body, "url"), "http://ensemble.test/invite/")
		ts.clock.Add(InvitationTTL)
		if r, _ := ts.do(t, nil, "GET", "/api/v1/invitations/"+late, ""); r.StatusCode != 404 {
			t.Fatalf("an expired link = %d", r.StatusCode)
		}
		if r, _ := ts.do(t, nil, "POST", "/api/v1/invitations/"+late+"/accept", `{"name":"Late","password":"`+pw+`"}`); r.StatusCode != 404 {
			t.Fatalf("accepting an expired link = %d", r.StatusCode)
		}
		alice = ts.login(t, "alice@mairie.fr") // the clock moved past the session too

		// An existing account is added directly.
		r, body = ts.do(t, alice, "POST", "/api/v1/teams/"+teamID+"/members", `{"email":"bob@mairie.fr","role":"administrator"}`)
		if r.StatusCode != 201 || body["added"] != true || str(body, "member", "user_id") != bob.ID || str(body, "member", "role") != "administrator" {
			t.Fatalf("adding an existing account = %d %v", r.StatusCode, body)
		}

		// An email that got an account meanwhile accepts signed in.
		_, body = ts.do(t, alice, "POST", "/api/v1/teams/"+teamID+"/members", `{"email":"carol@mairie.fr"}`)
		carolLink := strings.TrimPrefix(str(body, "url"), "http://ensemble.test/invite/")
		ts.user(t, "carol@mairie.fr", false)
		if r, body := ts.do(t, alice, "POST", "/api/v1/invitations/"+carolLink+"/accept", `{}`); r.StatusCode != 403 || errCode(body) != "other_account" {
			t.Fatalf("accepting someone else's invitation = %d %v", r.StatusCode, body)
		}
		if r, body := ts.do(t, nil, "POST", "/api/v1/invitations/"+carolLink+"/accept", `{"name":"Carol","password":"`+pw+`"}`); r.StatusCode != 409 || errCode(body) != "account_exists" {
			t.Fatalf("creating an account that exists = %d %v", r.StatusCode, body)
		}
		if r, body := ts.do(t, ts.login(t, "carol@mairie.fr"), "POST", "/api/v1/invitations/"+carolLink+"/accept", `{}`); r.StatusCode != 200 {
			t.Fatalf("accepting signed in = %d %v", r.StatusCode, body)
		}
		r, body = ts.do(t, alice, "GET", "/api/v1/teams/"+teamID+"/members", "")
		if members, _ := body["members"].([]any); r.StatusCode != 200 || len(members) != 4 {
			t.Fatalf("members = %d %v", r.StatusCode, body)
		}

		// Every step is in the audit log.
		events, _ := ts.audit.List(t.Context(), audit.Filter{})
		seen := map[string]bool{}
		for _, e := range events {
			seen[e.Action] = true
		}
		for _, a := range []string{"team.create", "invitation.create", "invitation.accept", "team.member.add"} {
			if !seen[a] {
				t.Errorf("no %s event in the audit log", a)
			}
		}
	})
}
