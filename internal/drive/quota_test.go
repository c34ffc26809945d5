// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"errors"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// An administrator sees every user's use and quota, whether it is the
// default or set for that user, and can put the default back.
func TestAllUsage(t *testing.T) {
	each(t, drive.Options{DefaultQuota: 1 << 20}, func(t *testing.T, e *env) {
		ctx := t.Context()
		e.put(t, e.root(t, e.alice).ID, "a.txt", "12345")
		if err := e.s.SetQuota(ctx, e.bob, 5000); err != nil {
			t.Fatal(err)
		}
		if err := e.s.SetQuota(ctx, "no-such-user", 5000); !errors.Is(err, errs.NotFound) {
			t.Errorf("SetQuota(unknown user): %v; want NotFound", err)
		}
		byID := func() map[string]drive.UserUsage {
			list, err := e.s.AllUsage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]drive.UserUsage{}
			for _, u := range list {
				m[u.UserID] = u
			}
			return m
		}
		got := byID()
		if a := got[e.alice]; a.Used != 5 || a.Quota != 1<<20 || a.Custom {
			t.Errorf("alice = %+v; want 5 used of the 1 MiB default", a)
		}
		if b := got[e.bob]; b.Used != 0 || b.Quota != 5000 || !b.Custom {
			t.Errorf("bob = %+v; want 0 used of a custom 5000", b)
		}
		if err := e.s.SetQuota(ctx, e.bob, -1); err != nil {
			t.Fatal(err)
		}
		if b := byID()[e.bob]; b.Quota != 1<<20 || b.Custom {
			t.Errorf("bob after reset = %+v; want the default", b)
		}
		if e.s.DefaultQuota() != 1<<20 {
			t.Errorf("DefaultQuota = %d", e.s.DefaultQuota())
		}
	})
}
