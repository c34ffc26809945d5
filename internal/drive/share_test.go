// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestSharing(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		dir, _ := e.s.Mkdir(ctx, e.alice, root.ID, "Projet")
		f := e.put(t, dir.ID, "plan.txt", "plan")
		private := e.put(t, root.ID, "privé.txt", "secret")

		if _, _, err := e.s.Share(ctx, e.bob, dir.ID, access.Principal{UserID: e.bob}, access.Editor); !errors.Is(err, errs.NotFound) {
			t.Errorf("bob sharing Alice's folder = %v; want errs.NotFound", err)
		}
		if _, _, err := e.s.Share(ctx, e.alice, dir.ID, access.Principal{UserID: e.bob}, access.Owner); !errors.Is(err, errs.Invalid) {
			t.Errorf("granting owner = %v; want errs.Invalid", err)
		}
		g, created, err := e.s.Share(ctx, e.alice, dir.ID, access.Principal{UserID: e.bob}, access.Reader)
		if err != nil || !created {
			t.Fatalf("Share = %v, %v", created, err)
		}
		// A reader reads below the shared folder, writes nothing.
		if _, err := e.s.Get(ctx, e.bob, f.ID); err != nil {
			t.Errorf("reader Get child: %v", err)
		}
		if _, err := e.s.Put(ctx, e.bob, dir.ID, "x", strings.NewReader("x"), drive.PutOptions{Size: 1}); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader Put = %v; want errs.Forbidden", err)
		}
		if _, err := e.s.Get(ctx, e.bob, private.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("unshared item = %v; want errs.NotFound", err)
		}
		// An editor writes; the bytes count against the tree owner.
		if _, _, err := e.s.Share(ctx, e.alice, dir.ID, access.Principal{UserID: e.bob}, access.Editor); err != nil {
			t.Fatal(err)
		}
		n, err := e.s.Put(ctx, e.bob, dir.ID, "notes de bob.txt", strings.NewReader("bob"), drive.PutOptions{Size: 3})
		if err != nil || n.OwnerID != e.alice {
			t.Fatalf("editor Put = %+v, %v", n, err)
		}
		if u, _ := e.s.Usage(ctx, e.bob); u.Used != 0 {
			t.Errorf("bob's usage = %d; want 0", u.Used)
		}
		if err := e.s.Trash(ctx, e.bob, n.ID); !errors.Is(err, errs.Forbidden) {
			t.Errorf("editor Trash = %v; want errs.Forbidden (owners only)", err)
		}
		shared, err := e.s.SharedWithMe(ctx, e.bob)
		if err != nil || len(shared) != 1 || shared[0].ID != dir.ID || shared[0].Role != access.Editor {
			t.Errorf("SharedWithMe = %+v, %v", shared, err)
		}
		if list, _ := e.s.SharedWithMe(ctx, e.alice); len(list) != 0 {
			t.Errorf("alice's shared-with-me = %+v; want none", list)
		}
		if err := e.s.Unshare(ctx, e.alice, dir.ID, g.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Get(ctx, e.bob, f.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("after unshare = %v; want errs.NotFound", err)
		}
	})
}
