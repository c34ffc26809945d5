// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop_test

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/oauth2"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/oidcop"
)

func TestClientStorage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		p := oidcop.ClientAdmin(d)
		for _, bad := range []oidcop.NewClient{
			{Name: "", RedirectURIs: []string{cb}},
			{Name: "x", RedirectURIs: nil},
			{Name: "x", RedirectURIs: []string{"/relative"}},
			{Name: "x", RedirectURIs: []string{"https://a.example/cb#frag"}},
			{Name: "x", RedirectURIs: []string{"https://*.example/cb"}},
		} {
			if _, _, err := p.CreateClient(ctx, bad); !errors.Is(err, errs.Invalid) {
				t.Errorf("CreateClient(%+v) = %v, want errs.Invalid", bad, err)
			}
		}
		c, secret, err := p.CreateClient(ctx, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{cb}})
		if err != nil || secret == "" {
			t.Fatalf("CreateClient: %v, secret %q", err, secret)
		}
		pub, psecret, err := p.CreateClient(ctx, oidcop.NewClient{Name: "App", RedirectURIs: []string{cb}, Public: true})
		if err != nil || psecret != "" || !pub.Public {
			t.Fatalf("public client: %v, secret %q", err, psecret)
		}
		name := "Wiki 2"
		if got, err := p.UpdateClient(ctx, c.ID, oidcop.ClientPatch{Name: &name}); err != nil || got.Name != name {
			t.Fatalf("UpdateClient: %+v, %v", got, err)
		}
		list, err := p.ListClients(ctx)
		if err != nil || len(list) != 2 {
			t.Fatalf("ListClients: %d, %v", len(list), err)
		}
		if err := p.DeleteClient(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := p.ClientByID(ctx, c.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("deleted client: %v", err)
		}
	})
}

// TestTwoNodes: a flow started on one node finishes on another sharing the
// PostgreSQL database, and both publish the same keys.
func TestTwoNodes(t *testing.T) {
	url := dbtest.PostgresURL(t)
	open := func() *db.DB {
		d, err := db.Open(t.Context(), url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		if _, err := d.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		return d
	}
	a := newEnv(t, open())
	b := newEnvAt(t, open(), a.srv.URL)
	c, secret := a.client(t, oidcop.NewClient{Name: "Wiki", RedirectURIs: []string{cb}, Trusted: true})
	r := a.newRP(t, c, secret)
	tok := a.login(t, r, a.browser(t, cb), a.user.Email)
	// Node b verifies node a's token and rotates its refresh token.
	if _, err := b.p.VerifyAccessToken(t.Context(), tok.AccessToken); err != nil {
		t.Fatalf("node b refused node a's token: %v", err)
	}
	rb := *r
	rb.cfg.Endpoint.TokenURL = b.srv.URL + "/oauth/token"
	if _, err := rb.cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err != nil {
		t.Fatalf("refresh on node b: %v", err)
	}
}
