// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

func TestRoleTable(t *testing.T) {
	for _, c := range []struct {
		role        Role
		read, write bool
	}{
		{RoleReader, true, false},
		{RoleCommenter, true, false},
		{RoleEditor, true, true},
		{RoleAdministrator, true, true},
		{RoleOwner, true, true},
		{"", false, false},
		{"admin", false, false},
	} {
		if got := c.role.CanRead(); got != c.read {
			t.Errorf("%q.CanRead() = %v; want %v", c.role, got, c.read)
		}
		if got := c.role.CanWrite(); got != c.write {
			t.Errorf("%q.CanWrite() = %v; want %v", c.role, got, c.write)
		}
	}
}

func TestDocRecord(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		users := identity.New(d, audit.New(d, log), log, identity.Options{})
		mk := func(email string) string {
			u, err := users.CreateUser(ctx, identity.NewUser{Email: email, Name: "x", Password: "correct horse battery"})
			if err != nil {
				t.Fatal(err)
			}
			return u.ID
		}
		alice, bob := mk("alice@mairie.fr"), mk("bob@mairie.fr")
		s := New(d, audit.New(d, log), log)

		doc, err := s.Create(ctx, alice, "  Compte rendu ")
		if err != nil || doc.Title != "Compte rendu" || !ids.Valid(doc.ID) || doc.Role != RoleOwner {
			t.Fatalf("Create = %+v, %v", doc, err)
		}
		for _, bad := range []string{strings.Repeat("x", maxTitle+1), "nul\x00", "\xff"} {
			if _, err := s.Create(ctx, alice, bad); !errors.Is(err, errs.Invalid) {
				t.Errorf("Create(%q) = %v; want Invalid", bad, err)
			}
		}
		if got, err := s.Get(ctx, doc.ID, alice); err != nil || got.Title != "Compte rendu" || got.OwnerID != alice || got.Role != RoleOwner {
			t.Errorf("owner Get = %+v, %v", got, err)
		}
		for _, id := range []string{doc.ID, ids.New()} {
			if _, err := s.Get(ctx, id, bob); !errors.Is(err, errs.NotFound) {
				t.Errorf("outsider Get(%s) = %v; want NotFound", id, err)
			}
		}
		if err := s.Grant(ctx, doc.ID, bob, RoleReader); err != nil {
			t.Fatal(err)
		}
		if r, err := s.Role(ctx, doc.ID, bob); err != nil || r != RoleReader {
			t.Errorf("Role after grant = %q, %v", r, err)
		}
		if err := s.Grant(ctx, doc.ID, bob, RoleEditor); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.Role(ctx, doc.ID, bob); r != RoleEditor {
			t.Errorf("Role after second grant = %q; want editor", r)
		}
		if err := s.Grant(ctx, doc.ID, bob, "admin"); !errors.Is(err, errs.Invalid) {
			t.Errorf("Grant(admin) = %v; want Invalid", err)
		}
	})
}
