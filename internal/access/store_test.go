// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package access_test

import (
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/teams"
)

type fixture struct {
	d     *db.DB
	users *identity.Service
	teams *teams.Service
	docs  *docs.Service
	store *access.Store
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := audit.New(d, log)
	users := identity.New(d, a, log, identity.Options{})
	return &fixture{d: d, users: users, teams: teams.New(d, users, a, log, nil), docs: docs.New(d, a, log), store: access.NewStore(docs.Kind)}
}

func (f *fixture) user(t *testing.T, email string) identity.User {
	t.Helper()
	u, err := f.users.CreateUser(t.Context(), identity.NewUser{Email: email, Name: email, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// tx runs fn in a transaction and returns its error.
func (f *fixture) tx(t *testing.T, fn func(tx *sql.Tx) error) error {
	return f.d.Tx(t.Context(), fn)
}

func TestStoreGrants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		f := newFixture(t, d)
		alice, bob, carol := f.user(t, "alice@mairie.fr"), f.user(t, "bob@mairie.fr"), f.user(t, "carol@mairie.fr")
		root, err := f.docs.Create(ctx, alice.ID, "root")
		if err != nil {
			t.Fatal(err)
		}
		child, err := f.docs.CreateUnder(ctx, alice.ID, root.ID, "child")
		if err != nil {
			t.Fatal(err)
		}
		tree := docs.Tree()
		team, err := f.teams.CreateTeam(ctx, bob, "Cabinet", "")
		if err != nil {
			t.Fatal(err)
		}
		var bobGrant access.Grant
		if err := f.tx(t, func(tx *sql.Tx) error {
			var created bool
			bobGrant, created, err = f.store.Put(ctx, tx, tree, root.ID, access.Principal{UserID: bob.ID}, access.Reader, alice.ID)
			if err != nil || !created {
				t.Errorf("Put = %v, %v", created, err)
			}
			if _, created, err := f.store.Put(ctx, tx, tree, child.ID, access.Principal{TeamID: team.ID}, access.Editor, alice.ID); err != nil || !created {
				t.Errorf("Put team = %v, %v", created, err)
			}
			// Putting again replaces the role.
			g, created, err := f.store.Put(ctx, tx, tree, root.ID, access.Principal{UserID: bob.ID}, access.Commenter, alice.ID)
			if err != nil || created || g.ID != bobGrant.ID || g.Role != access.Commenter {
				t.Errorf("Put again = %+v, %v, %v", g, created, err)
			}
			for _, bad := range []access.Principal{{}, {UserID: "x", TeamID: "y"}} {
				if _, _, err := f.store.Put(ctx, tx, tree, root.ID, bad, access.Reader, ""); !errors.Is(err, errs.Invalid) {
					t.Errorf("Put(%+v) = %v; want Invalid", bad, err)
				}
			}
			if _, _, err := f.store.Put(ctx, tx, tree, root.ID, access.Principal{UserID: "nobody"}, access.Reader, ""); !errors.Is(err, errs.NotFound) {
				t.Errorf("Put for an unknown user = %v; want NotFound", err)
			}
			if _, _, err := f.store.Put(ctx, tx, tree, root.ID, access.Principal{UserID: bob.ID}, "god", ""); !errors.Is(err, errs.Invalid) {
				t.Errorf("Put(god) = %v; want Invalid", err)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		// Bob: commenter on root directly, editor on child through his team.
		for _, c := range []struct {
			ids  []string
			user string
			want access.Role
		}{
			{[]string{root.ID}, bob.ID, access.Commenter},
			{[]string{child.ID, root.ID}, bob.ID, access.Editor},
			{[]string{child.ID, root.ID}, carol.ID, access.None},
			{[]string{child.ID, root.ID}, alice.ID, access.Owner},
		} {
			if got, err := f.store.Granted(ctx, d, c.ids, c.user); err != nil || got != c.want {
				t.Errorf("Granted(%v, %s) = %q, %v; want %q", c.ids, c.user, got, err, c.want)
			}
		}
		facts, lineage, err := f.store.Resolve(ctx, d, tree, child.ID, bob.ID)
		if err != nil || len(lineage) != 2 || facts.Granted != access.Editor || len(facts.Links) != 2 {
			t.Errorf("Resolve = %+v, %v, %v", facts, lineage, err)
		}
		if m, err := f.store.GrantedItems(ctx, d, bob.ID); err != nil || len(m) != 2 || m[child.ID] != access.Editor {
			t.Errorf("GrantedItems = %v, %v", m, err)
		}
		if l, err := f.store.List(ctx, d, []string{child.ID, root.ID}); err != nil || len(l) != 4 || l[1].TeamName != "Cabinet" || l[1].ResourceID != child.ID || l[3].UserEmail != "bob@mairie.fr" {
			t.Errorf("List = %+v, %v", l, err)
		}
		// Last owner: alice's grant on root cannot go; the child's own owner
		// grant can, since alice still owns it through root.
		aliceRoot, err := f.store.Find(ctx, d, root.ID, access.Principal{UserID: alice.ID})
		if err != nil {
			t.Fatal(err)
		}
		aliceChild, err := f.store.Find(ctx, d, child.ID, access.Principal{UserID: alice.ID})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.tx(t, func(tx *sql.Tx) error {
			if _, err := f.store.Remove(ctx, tx, tree, root.ID, aliceRoot.ID); !errors.Is(err, errs.Conflict) {
				t.Errorf("Remove the last owner = %v; want Conflict", err)
			}
			if _, err := f.store.SetRole(ctx, tx, tree, root.ID, aliceRoot.ID, access.Editor); !errors.Is(err, errs.Conflict) {
				t.Errorf("demote the last owner = %v; want Conflict", err)
			}
			if _, err := f.store.Remove(ctx, tx, tree, child.ID, aliceChild.ID); err != nil {
				t.Errorf("Remove an owner who owns the parent = %v", err)
			}
			if _, err := f.store.Get(ctx, tx, child.ID, aliceRoot.ID); !errors.Is(err, errs.NotFound) {
				t.Errorf("Get a grant of another item = %v; want NotFound", err)
			}
			return f.store.RemoveAll(ctx, tx, []string{child.ID})
		}); err != nil {
			t.Fatal(err)
		}
		if l, _ := f.store.List(ctx, d, []string{child.ID}); len(l) != 0 {
			t.Errorf("after RemoveAll: %+v", l)
		}
	})
}

// TestStoreLastOwnerUnderConcurrency: two owners each removing the other
// at once: one wins, the document keeps an owner.
func TestStoreLastOwnerUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		f := newFixture(t, d)
		for round := range 5 {
			alice, bob := f.user(t, "alice"+string(rune('a'+round))+"@mairie.fr"), f.user(t, "bob"+string(rune('a'+round))+"@mairie.fr")
			doc, err := f.docs.Create(ctx, alice.ID, "shared")
			if err != nil {
				t.Fatal(err)
			}
			if err := f.docs.Grant(ctx, doc.ID, bob.ID, access.Owner); err != nil {
				t.Fatal(err)
			}
			grants, _ := f.store.List(ctx, d, []string{doc.ID})
			var wg sync.WaitGroup
			errsOut := make([]error, len(grants))
			for i, g := range grants {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errsOut[i] = d.Tx(ctx, func(tx *sql.Tx) error {
						_, err := f.store.Remove(ctx, tx, docs.Tree(), doc.ID, g.ID)
						return err
					})
				}()
			}
			wg.Wait()
			left, _ := f.store.List(ctx, d, []string{doc.ID})
			if len(left) != 1 || left[0].Role != access.Owner {
				t.Fatalf("round %d: grants left %+v (errors %v)", round, left, errsOut)
			}
		}
	})
}

// TestMigrationMovesDocAccesses applies the migrations up to 0007, stores
// a document shared the old way, then 0008, on both dialects.
func TestMigrationMovesDocAccesses(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := t.Context()
			var d *db.DB
			var err error
			if dialect == db.SQLite {
				d, err = db.Open(ctx, "", filepath.Join(t.TempDir(), "old.db"))
			} else {
				d, err = db.Open(ctx, dbtest.PostgresURL(t), "")
			}
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			ms, err := db.Migrations(dialect)
			if err != nil {
				t.Fatal(err)
			}
			run := func(from, to int) {
				t.Helper()
				for _, m := range ms {
					if m.Version >= from && m.Version <= to {
						if _, err := d.ExecContext(ctx, m.SQL); err != nil {
							t.Fatalf("migration %d: %v", m.Version, err)
						}
					}
				}
			}
			run(1, 7)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := d.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for _, u := range []string{"u1", "u2"} {
				exec(`INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES ($1, $2, $2, 'x', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')`, u, u+"@mairie.fr")
			}
			exec(`INSERT INTO docs (id, title, owner_id, created_at, updated_at) VALUES ('d1', 'Old', 'u1', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')`)
			exec(`INSERT INTO doc_accesses (doc_id, user_id, role) VALUES ('d1', 'u1', 'owner'), ('d1', 'u2', 'editor')`)
			run(8, 8)
			s := access.NewStore(docs.Kind)
			grants, err := s.List(ctx, d, []string{"d1"})
			if err != nil || len(grants) != 2 {
				t.Fatalf("grants = %+v, %v", grants, err)
			}
			roles := map[string]access.Role{}
			for _, g := range grants {
				roles[g.UserID] = g.Role
				if len(g.ID) != 26 {
					t.Errorf("moved grant ID %q", g.ID)
				}
			}
			if roles["u1"] != access.Owner || roles["u2"] != access.Editor {
				t.Errorf("roles = %v", roles)
			}
			if r, err := s.Granted(ctx, d, []string{"d1"}, "u2"); err != nil || r != access.Editor {
				t.Errorf("Granted = %q, %v", r, err)
			}
			var reach string
			if err := d.QueryRowContext(ctx, `SELECT link_reach FROM docs WHERE id = 'd1'`).Scan(&reach); err != nil || reach != "restricted" {
				t.Errorf("link_reach = %q, %v", reach, err)
			}
			if _, err := d.ExecContext(ctx, `SELECT 1 FROM doc_accesses`); err == nil {
				t.Error("doc_accesses still exists")
			}
		})
	}
}
