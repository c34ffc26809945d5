// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity_test

import (
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

func TestEmailNotificationsSetting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _, _ := newService(t, d)
		ctx := t.Context()
		u, err := s.CreateUser(ctx, identity.NewUser{Email: "zoe@mairie.fr", Name: "Zoé", Password: "correct horse battery"})
		if err != nil || !u.EmailNotifications {
			t.Fatalf("CreateUser = %+v, %v; want email notifications on by default", u, err)
		}
		off := false
		if u, err = s.UpdateProfile(ctx, u.ID, identity.Profile{EmailNotifications: &off}); err != nil || u.EmailNotifications {
			t.Fatalf("UpdateProfile(off) = %v, %v", u.EmailNotifications, err)
		}
		name := "Zoé D."
		if u, err = s.UpdateProfile(ctx, u.ID, identity.Profile{Name: &name}); err != nil || u.EmailNotifications {
			t.Fatalf("changing the name turned notifications back on: %v, %v", u.EmailNotifications, err)
		}
		for _, get := range []func() (identity.User, error){
			func() (identity.User, error) { return s.UserByID(ctx, u.ID) },
			func() (identity.User, error) { return s.UserByEmail(ctx, "ZOE@mairie.fr") },
		} {
			if got, err := get(); err != nil || got.EmailNotifications {
				t.Errorf("read back %v, %v; want off", got.EmailNotifications, err)
			}
		}
	})
}
