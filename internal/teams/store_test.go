// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

func want(t *testing.T, what string, err, kind error) {
	t.Helper()
	if kind == nil && err != nil || kind != nil && !errors.Is(err, kind) {
		t.Errorf("%s = %v; want %v", what, err, kind)
	}
}

func TestTeamLifecycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), t.Context()
		alice, bob, carol := e.user(t, "alice@mairie.fr", false), e.user(t, "bob@mairie.fr", false), e.user(t, "carol@mairie.fr", false)
		root := e.user(t, "root@mairie.fr", true)
		tm, err := e.s.CreateTeam(ctx, alice, "  Urbanisme ", "Permis et cadastre")
		if err != nil || tm.Name != "Urbanisme" || tm.Role != RoleOwner || !ids.Valid(tm.ID) {
			t.Fatalf("CreateTeam = %+v, %v", tm, err)
		}
		for _, bad := range []string{"", "   ", strings.Repeat("x", 101), "two\nlines", "nul\x00", "\xff"} {
			_, err := e.s.CreateTeam(ctx, alice, bad, "")
			want(t, "CreateTeam("+bad+")", err, errs.Invalid)
		}
		_, err = e.s.CreateTeam(ctx, alice, "x", strings.Repeat("d", MaxDescription+1))
		want(t, "CreateTeam with a long description", err, errs.Invalid)
		if _, err := e.s.CreateTeam(ctx, alice, strings.Repeat("é", 100), ""); err != nil {
			t.Errorf("100 accented characters = %v", err)
		}

		// An outsider cannot tell the team from one that does not exist.
		for _, id := range []string{tm.ID, ids.New()} {
			_, err := e.s.Team(ctx, bob, id)
			want(t, "outsider Team", err, errs.NotFound)
			_, err = e.s.Members(ctx, bob, id)
			want(t, "outsider Members", err, errs.NotFound)
			name := "mine now"
			_, err = e.s.UpdateTeam(ctx, bob, id, TeamPatch{Name: &name})
			want(t, "outsider UpdateTeam", err, errs.NotFound)
			want(t, "outsider DeleteTeam", e.s.DeleteTeam(ctx, bob, id), errs.NotFound)
			_, err = e.s.AddMember(ctx, bob, id, bob.ID, RoleMember)
			want(t, "outsider adding themselves", err, errs.NotFound)
			_, err = e.s.SetRole(ctx, bob, id, alice.ID, RoleMember)
			want(t, "outsider SetRole", err, errs.NotFound)
			_, err = e.s.RemoveMember(ctx, bob, id, alice.ID)
			want(t, "outsider RemoveMember", err, errs.NotFound)
		}

		// A member sees, but does not manage.
		e.add(t, alice, tm.ID, bob, RoleMember)
		if got, err := e.s.Team(ctx, bob, tm.ID); err != nil || got.Role != RoleMember || got.Description != "Permis et cadastre" {
			t.Fatalf("member Team = %+v, %v", got, err)
		}
		name := "Voirie"
		_, err = e.s.UpdateTeam(ctx, bob, tm.ID, TeamPatch{Name: &name})
		want(t, "member UpdateTeam", err, errs.Forbidden)
		_, err = e.s.AddMember(ctx, bob, tm.ID, carol.ID, RoleMember)
		want(t, "member AddMember", err, errs.Forbidden)
		_, err = e.s.AddMember(ctx, alice, tm.ID, bob.ID, RoleMember)
		want(t, "adding a member twice", err, errs.Conflict)
		_, err = e.s.AddMember(ctx, alice, tm.ID, ids.New(), RoleMember)
		want(t, "adding an unknown account", err, errs.NotFound)
		_, err = e.s.AddMember(ctx, alice, tm.ID, carol.ID, "boss")
		want(t, "adding with a made-up role", err, errs.Invalid)

		// An administrator manages members and administrators, not owners.
		if _, err := e.s.SetRole(ctx, alice, tm.ID, bob.ID, RoleAdministrator); err != nil {
			t.Fatal(err)
		}
		if got, err := e.s.UpdateTeam(ctx, bob, tm.ID, TeamPatch{Name: &name}); err != nil || got.Name != "Voirie" || got.Description != "Permis et cadastre" {
			t.Fatalf("administrator UpdateTeam = %+v, %v", got, err)
		}
		e.add(t, bob, tm.ID, carol, RoleMember)
		_, err = e.s.SetRole(ctx, bob, tm.ID, carol.ID, RoleAdministrator)
		want(t, "administrator promoting to administrator", err, nil)
		_, err = e.s.SetRole(ctx, bob, tm.ID, carol.ID, RoleOwner)
		want(t, "administrator granting ownership", err, errs.Forbidden)
		_, err = e.s.SetRole(ctx, bob, tm.ID, alice.ID, RoleMember)
		want(t, "administrator demoting an owner", err, errs.Forbidden)
		_, err = e.s.RemoveMember(ctx, bob, tm.ID, alice.ID)
		want(t, "administrator removing an owner", err, errs.Forbidden)
		want(t, "administrator deleting", e.s.DeleteTeam(ctx, bob, tm.ID), errs.Forbidden)
		_, err = e.s.SetRole(ctx, bob, tm.ID, ids.New(), RoleMember)
		want(t, "SetRole of a non-member", err, errs.NotFound)
		if _, err := e.s.RemoveMember(ctx, bob, tm.ID, carol.ID); err != nil {
			t.Fatalf("administrator removing an administrator = %v", err)
		}
		if role, ok, err := e.s.IsMember(ctx, tm.ID, bob.ID); role != RoleAdministrator || !ok || err != nil {
			t.Errorf("IsMember(bob) = %q, %v, %v", role, ok, err)
		}
		if _, ok, err := e.s.IsMember(ctx, tm.ID, carol.ID); ok || err != nil {
			t.Errorf("IsMember(carol) = %v, %v after removal", ok, err)
		}
		if list, _ := e.s.TeamsOf(ctx, bob.ID); len(list) != 1 || list[0].ID != tm.ID || list[0].Role != RoleAdministrator {
			t.Errorf("TeamsOf(bob) = %+v", list)
		}

		// A site administrator acts as an owner without being a member.
		if got, err := e.s.Team(ctx, root, tm.ID); err != nil || got.Role != RoleOwner {
			t.Errorf("site admin Team = %+v, %v", got, err)
		}
		if _, ok, _ := e.s.IsMember(ctx, tm.ID, root.ID); ok {
			t.Error("a site administrator counts as a member")
		}
		all, err := e.s.AllTeams(ctx)
		if err != nil || len(all) != 2 || all[0].ID != tm.ID || all[0].Members != 2 || all[1].Members != 1 {
			t.Errorf("AllTeams = %+v, %v", all, err)
		}
		if m, err := e.s.Members(ctx, bob, tm.ID); err != nil || len(m) != 2 || m[0].UserID != alice.ID || m[0].Role != RoleOwner || m[1].Email != "bob@mairie.fr" {
			t.Errorf("Members = %+v, %v", m, err)
		}

		// The owner deletes it; it is gone for everyone.
		want(t, "owner DeleteTeam", e.s.DeleteTeam(ctx, alice, tm.ID), nil)
		_, err = e.s.TeamByID(ctx, tm.ID)
		want(t, "TeamByID after delete", err, errs.NotFound)
		if list, _ := e.s.TeamsOf(ctx, bob.ID); len(list) != 0 {
			t.Errorf("TeamsOf(bob) after delete = %+v", list)
		}
	})
}

func TestLastOwner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e, ctx := newEnv(t, d), t.Context()
		alice, bob, carol := e.user(t, "alice@mairie.fr", false), e.user(t, "bob@mairie.fr", false), e.user(t, "carol@mairie.fr", false)
		root := e.user(t, "root@mairie.fr", true)
		tm := e.team(t, alice, "Finances")
		_, err := e.s.SetRole(ctx, alice, tm.ID, alice.ID, RoleAdministrator)
		want(t, "last owner demoting themselves", err, errs.Conflict)
		_, err = e.s.RemoveMember(ctx, alice, tm.ID, alice.ID)
		want(t, "last owner leaving", err, errs.Conflict)
		_, err = e.s.RemoveMember(ctx, root, tm.ID, alice.ID)
		want(t, "site admin removing the last owner", err, errs.Conflict)

		e.add(t, alice, tm.ID, carol, RoleMember)
		_, err = e.s.RemoveMember(ctx, carol, tm.ID, carol.ID)
		want(t, "a member leaving", err, nil)
		_, err = e.s.Team(ctx, carol, tm.ID)
		want(t, "Team after leaving", err, errs.NotFound)

		e.add(t, alice, tm.ID, bob, RoleOwner)
		_, err = e.s.RemoveMember(ctx, alice, tm.ID, alice.ID)
		want(t, "an owner leaving another owner behind", err, nil)
		_, err = e.s.SetRole(ctx, bob, tm.ID, bob.ID, RoleMember)
		want(t, "the new last owner demoting themselves", err, errs.Conflict)

		// Two owners leaving at once: one may, the other is refused, on
		// PostgreSQL as on SQLite.
		for range 5 {
			e.add(t, bob, tm.ID, alice, RoleOwner)
			var wg sync.WaitGroup
			results := make([]error, 2)
			for i, u := range []string{alice.ID, bob.ID} {
				who := alice
				if i == 1 {
					who = bob
				}
				wg.Go(func() { _, results[i] = e.s.RemoveMember(ctx, who, tm.ID, u) })
			}
			wg.Wait()
			var owners int
			d.QueryRowContext(ctx, `SELECT count(*) FROM team_members WHERE team_id = $1 AND role = 'owner'`, tm.ID).Scan(&owners)
			if owners != 1 || (results[0] == nil) == (results[1] == nil) {
				t.Fatalf("concurrent leaves: %v, %v; %d owners left", results[0], results[1], owners)
			}
			if results[1] == nil { // bob left: let him back in as the one owner
				e.add(t, alice, tm.ID, bob, RoleOwner)
				e.s.RemoveMember(ctx, alice, tm.ID, alice.ID)
			}
		}
	})
}
