// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// hookLog records the documents OnAccessChange was called for.
type hookLog struct {
	mu  sync.Mutex
	ids []string
}

func (h *hookLog) record(_ context.Context, id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ids = append(h.ids, id)
}

func (h *hookLog) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.ids
	h.ids = nil
	slices.Sort(out)
	return out
}

func newService(t *testing.T, d *db.DB) (*Service, *identity.Service, *hookLog) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	users := identity.New(d, audit.New(d, log), log, identity.Options{})
	h := &hookLog{}
	s := New(d, audit.New(d, log), log, Options{Users: users, TrashDays: 30})
	s.SetOnAccessChange(h.record)
	return s, users, h
}

func mkUser(t *testing.T, users *identity.Service, email string) identity.User {
	t.Helper()
	u, err := users.CreateUser(t.Context(), identity.NewUser{Email: email, Name: email, Password: "correct horse battery", EmailVerified: true})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func sorted(ids ...string) []string { slices.Sort(ids); return ids }

func TestAnonymousRoleAndHook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, users, hook := newService(t, d)
		alice := mkUser(t, users, "alice@mairie.fr")
		doc, _ := s.Create(ctx, alice.ID, "doc")
		sub, _ := s.CreateUnder(ctx, alice.ID, doc.ID, "sub")
		if _, err := s.Role(ctx, sub.ID, ""); !errors.Is(err, errs.NotFound) {
			t.Errorf("anonymous on restricted = %v; want NotFound", err)
		}
		hook.take()
		public, editor := "public", "editor"
		if _, err := s.Update(ctx, alice, doc.ID, Patch{LinkReach: &public, LinkRole: &editor}); err != nil {
			t.Fatal(err)
		}
		if got := hook.take(); !slices.Equal(got, sorted(doc.ID, sub.ID)) {
			t.Errorf("hook after link change = %v", got)
		}
		if r, err := s.Role(ctx, sub.ID, ""); err != nil || r != RoleEditor || !r.CanWrite() {
			t.Errorf("anonymous on a public editor link's sub-page = %q, %v", r, err)
		}
		// The same patch again changes nothing and calls nothing.
		if _, err := s.Update(ctx, alice, doc.ID, Patch{LinkReach: &public}); err != nil {
			t.Fatal(err)
		}
		if got := hook.take(); len(got) != 0 {
			t.Errorf("hook without change = %v", got)
		}
		// Search's questions.
		subsub, _ := s.CreateUnder(ctx, alice.ID, sub.ID, "subsub")
		trashed, _ := s.CreateUnder(ctx, alice.ID, doc.ID, "trashed")
		if err := s.Trash(ctx, alice, trashed.ID); err != nil {
			t.Fatal(err)
		}
		if ids, err := s.Subtree(ctx, doc.ID, ""); err != nil || !slices.Equal(ids, []string{doc.ID, sub.ID, subsub.ID}) {
			t.Errorf("Subtree = %v, %v; want the live pages", ids, err)
		}
		if ok, err := s.CanRead(ctx, trashed.ID, alice.ID); ok || err != nil {
			t.Errorf("CanRead(trashed) = %v, %v", ok, err)
		}
		if ok, err := s.CanRead(ctx, subsub.ID, ""); !ok || err != nil {
			t.Errorf("CanRead(public sub-page, anonymous) = %v, %v", ok, err)
		}
		hook.take()
		if err := s.Trash(ctx, alice, doc.ID); err != nil {
			t.Fatal(err)
		}
		if got := hook.take(); !slices.Equal(got, sorted(doc.ID, sub.ID, subsub.ID, trashed.ID)) {
			t.Errorf("hook after trash = %v", got)
		}
		if _, err := s.Subtree(ctx, doc.ID, alice.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("Subtree of a trashed page = %v; want NotFound", err)
		}
		for _, u := range []string{"", alice.ID} {
			if _, err := s.Role(ctx, sub.ID, u); !errors.Is(err, errs.NotFound) {
				t.Errorf("Role(%q) on a trashed page = %v; want NotFound", u, err)
			}
		}
	})
}

func TestDuplicateCopiesContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, users, _ := newService(t, d)
		alice, bob := mkUser(t, users, "alice@mairie.fr"), mkUser(t, users, "bob@mairie.fr")
		doc, _ := s.Create(ctx, alice.ID, "source")
		sub, _ := s.CreateUnder(ctx, alice.ID, doc.ID, "sub")
		for _, id := range []string{doc.ID, sub.ID} {
			if _, err := d.ExecContext(ctx, `INSERT INTO collab_snapshots (doc_id, state, upto_seq) VALUES ($1, $2, 2)`, id, []byte("state of "+id)); err != nil {
				t.Fatal(err)
			}
			for seq := 1; seq <= 3; seq++ {
				if _, err := d.ExecContext(ctx, `INSERT INTO collab_updates (doc_id, seq, data, created_at) VALUES ($1, $2, $3, $4)`,
					id, seq, []byte{byte(seq), 0xff}, db.Time(time.Now())); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.Grant(ctx, doc.ID, bob.ID, RoleReader); err != nil {
			t.Fatal(err)
		}
		// Bob may read, so he may copy; the copy is his, at the top level
		// (he may not add pages next to the original).
		cp, err := s.Duplicate(ctx, bob, doc.ID, true)
		if err != nil || cp.Role != RoleOwner || cp.ParentID != nil || cp.Title != "source (copy)" || !cp.HasChildren {
			t.Fatalf("Duplicate = %+v, %v", cp, err)
		}
		kids, err := s.Children(ctx, cp.ID, bob.ID)
		if err != nil || len(kids) != 1 || kids[0].Title != "sub" {
			t.Fatalf("children of the copy = %+v, %v", kids, err)
		}
		for src, dst := range map[string]string{doc.ID: cp.ID, sub.ID: kids[0].ID} {
			var state []byte
			var upto, n int
			if err := d.QueryRowContext(ctx, `SELECT state, upto_seq FROM collab_snapshots WHERE doc_id = $1`, dst).Scan(&state, &upto); err != nil || string(state) != "state of "+src || upto != 2 {
				t.Errorf("snapshot of the copy = %q %d, %v", state, upto, err)
			}
			if err := d.QueryRowContext(ctx, `SELECT count(*) FROM collab_updates WHERE doc_id = $1`, dst).Scan(&n); err != nil || n != 3 {
				t.Errorf("updates of the copy = %d, %v", n, err)
			}
		}
		// Alice keeps her page; the copy is not hers.
		if _, err := s.Get(ctx, cp.ID, alice.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("alice on bob's copy = %v; want NotFound", err)
		}
		// Without sub-pages.
		cp2, err := s.Duplicate(ctx, alice, doc.ID, false)
		if err != nil || cp2.HasChildren {
			t.Errorf("shallow duplicate = %+v, %v", cp2, err)
		}
	})
}

func TestPurgeExpired(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, users, hook := newService(t, d)
		alice := mkUser(t, users, "alice@mairie.fr")
		now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		s.now = func() time.Time { return now }
		old, _ := s.Create(ctx, alice.ID, "old")
		oldSub, _ := s.CreateUnder(ctx, alice.ID, old.ID, "old sub")
		recent, _ := s.Create(ctx, alice.ID, "recent")
		kept, _ := s.Create(ctx, alice.ID, "kept")
		if err := s.Trash(ctx, alice, old.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(20 * 24 * time.Hour)
		if err := s.Trash(ctx, alice, recent.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(11 * 24 * time.Hour) // old: 31 days in the trash; recent: 11
		hook.take()
		n, err := s.PurgeExpired(ctx)
		if err != nil || n != 1 {
			t.Fatalf("PurgeExpired = %d, %v; want 1", n, err)
		}
		if got := hook.take(); !slices.Equal(got, sorted(old.ID, oldSub.ID)) {
			t.Errorf("hook after purge = %v", got)
		}
		var left []string
		rows, _ := d.QueryContext(ctx, `SELECT id FROM docs ORDER BY id`)
		for rows.Next() {
			var id string
			rows.Scan(&id)
			left = append(left, id)
		}
		rows.Close()
		if !slices.Equal(left, sorted(recent.ID, kept.ID)) {
			t.Errorf("left = %v; want recent and kept", left)
		}
		var grants int
		d.QueryRowContext(ctx, `SELECT count(*) FROM access_grants WHERE resource_id IN ($1, $2)`, old.ID, oldSub.ID).Scan(&grants)
		if grants != 0 {
			t.Errorf("grants of purged pages = %d", grants)
		}
		if list, err := s.List(ctx, alice.ID, FilterTrash); err != nil || len(list) != 1 || list[0].ID != recent.ID {
			t.Errorf("trash = %+v, %v", list, err)
		}
	})
}

func TestInvitationClaimNeedsVerifiedEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		s, users, _ := newService(t, d)
		alice := mkUser(t, users, "alice@mairie.fr")
		doc, _ := s.Create(ctx, alice.ID, "doc")
		if _, err := d.ExecContext(ctx, `INSERT INTO doc_invitations (id, doc_id, email, email_key, role, invited_by, created_at)
			VALUES ('i1', $1, 'Guest@Mairie.fr', 'guest@mairie.fr', 'commenter', $2, $3), ('i2', $1, 'x@y.fr', 'x@y.fr', 'editor', $2, $3)`, doc.ID, alice.ID, db.Time(time.Now())); err != nil {
			t.Fatal(err)
		}
		// An invitation whose inviter lost the right to share is void.
		bob := mkUser(t, users, "bob@mairie.fr")
		if err := s.Grant(ctx, doc.ID, bob.ID, RoleAdministrator); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `INSERT INTO doc_invitations (id, doc_id, email, email_key, role, invited_by, created_at)
			VALUES ('i3', $1, 'late@mairie.fr', 'late@mairie.fr', 'reader', $2, $3)`, doc.ID, bob.ID, db.Time(time.Now())); err != nil {
			t.Fatal(err)
		}
		if err := s.Grant(ctx, doc.ID, bob.ID, RoleReader); err != nil {
			t.Fatal(err)
		}
		late := mkUser(t, users, "late@mairie.fr")
		if _, err := s.Get(ctx, doc.ID, late.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("claim of a void invitation = %v; want NotFound", err)
		}
		unverified, err := users.CreateUser(ctx, identity.NewUser{Email: "x@y.fr", Name: "x", Password: "correct horse battery"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, doc.ID, unverified.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("unverified email claims = %v; want NotFound", err)
		}
		guest := mkUser(t, users, "guest@mairie.fr")
		if got, err := s.Get(ctx, doc.ID, guest.ID); err != nil || got.Role != RoleCommenter {
			t.Errorf("guest after claim = %+v, %v", got, err)
		}
		var n int
		d.QueryRowContext(ctx, `SELECT count(*) FROM doc_invitations`).Scan(&n)
		if n != 1 {
			t.Errorf("invitations left = %d; want 1 (the unverified one)", n)
		}
	})
}
