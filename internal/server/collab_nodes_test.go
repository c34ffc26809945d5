// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/bus/natsbus/natsembed"
	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

// TestCollabAcrossTwoNodes runs two servers on one PostgreSQL database and
// one NATS: clients of either node converge, and a client of the second
// node that connects later sees everything.
func TestCollabAcrossTwoNodes(t *testing.T) {
	u := dbtest.PostgresURL(t)
	ns, err := natsembed.Start(t.Context(), nil, natsembed.Options{Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ns.Shutdown)
	shared := func(c *config.Config) { c.Database, c.NATS = u, ns.URL() }
	one, two := start(t, shared), start(t, shared)
	_, alice := one.token(t, "alice@mairie.fr")
	id := one.createDoc(t, alice, "Partagé")

	a, _ := dialY(t, one, id, alice, nil)
	b, _ := dialY(t, two, id, alice, nil)
	for range 15 {
		a.insert("1")
		b.insert("2")
	}
	waitFor(t, "clients of two nodes to converge", func() bool { at := a.text(); return len(at) == 30 && at == b.text() })
	if got := b.text(); strings.Count(got, "1") != 15 {
		t.Fatalf("text = %q", got)
	}
	late, _ := dialY(t, two, id, alice, nil)
	waitFor(t, "a late client of the second node", func() bool { return late.text() == a.text() })
}
