// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/teams"
)

func TestAdministratorsAndAccessRequestHook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, users, _ := newService(t, d)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		ts := teams.New(d, users, audit.New(d, log), log, nil)
		owner := mkUser(t, users, "owner@x.test")
		admin := mkUser(t, users, "admin@x.test")
		editor := mkUser(t, users, "editor@x.test")
		inTeam := mkUser(t, users, "team@x.test")
		asker := mkUser(t, users, "asker@x.test")
		parent, err := s.Create(t.Context(), owner.ID, "Parent")
		if err != nil {
			t.Fatal(err)
		}
		child, err := s.CreateUnder(t.Context(), owner.ID, parent.ID, "Child")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AddUserAccess(t.Context(), owner, parent.ID, admin.ID, RoleAdministrator); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AddUserAccess(t.Context(), owner, child.ID, editor.ID, RoleEditor); err != nil {
			t.Fatal(err)
		}
		team, err := ts.CreateTeam(t.Context(), owner, "Admins", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.AddMember(t.Context(), owner, team.ID, inTeam.ID, teams.RoleMember); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.AddTeamAccess(t.Context(), owner, child.ID, team.ID, RoleAdministrator); err != nil {
			t.Fatal(err)
		}
		got, err := s.Administrators(t.Context(), child.ID)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		want := []string{owner.ID, admin.ID, inTeam.ID}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("Administrators = %v; want the owner, the inherited administrator and the team member %v (not the editor %s)", got, want, editor.ID)
		}

		var heard []AccessRequested
		s.SetOnAccessRequest(func(_ context.Context, r AccessRequested) { heard = append(heard, r) })
		if _, err := s.RequestAccess(t.Context(), asker, child.ID, RoleCommenter); err != nil {
			t.Fatal(err)
		}
		if len(heard) != 1 || heard[0].DocID != child.ID || heard[0].Actor.ID != asker.ID || heard[0].Role != RoleCommenter {
			t.Errorf("access request hook heard %+v", heard)
		}
		// The same request again is not news; another role is.
		for _, r := range []Role{RoleCommenter, RoleEditor} {
			if _, err := s.RequestAccess(t.Context(), asker, child.ID, r); err != nil {
				t.Fatal(err)
			}
		}
		if len(heard) != 2 || heard[1].Role != RoleEditor {
			t.Errorf("after asking again: heard %+v", heard)
		}
	})
}
