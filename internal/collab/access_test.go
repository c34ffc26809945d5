// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// revoke removes userID's own access to docID in the database, as the
// docs service does (grants live in access_grants since the permission
// model, in doc_accesses before it).
func revoke(t *testing.T, d *db.DB, docID, userID string) {
	t.Helper()
	_, err := d.ExecContext(t.Context(), `DELETE FROM access_grants WHERE resource_id = $1 AND user_id = $2`, docID, userID)
	if err != nil {
		_, err = d.ExecContext(t.Context(), `DELETE FROM doc_accesses WHERE doc_id = $1 AND user_id = $2`, docID, userID)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func (n *twoNodes) addUser(t *testing.T, email string, role docs.Role) string {
	t.Helper()
	u, err := n.users.CreateUser(t.Context(), identity.NewUser{Email: email, Name: email, Password: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.docs.Grant(t.Context(), n.docID, u.ID, role); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAccessChangedClosesIdleConnectionsOnEveryNode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		// No recheck at the next message: only AccessChanged can notice.
		n := newTwoNodes(t, d, Options{RecheckEvery: time.Hour})
		bob := n.addUser(t, "bob@mairie.fr", docs.RoleEditor)
		onA, _ := dialY(t, n.urlA, n.docID, bob)
		onB, _ := dialY(t, n.urlB, n.docID, bob)
		owner, _ := dialY(t, n.urlB, n.docID, n.owner)
		owner.insert("before")
		waitFor(t, "bob's clients to sync", func() bool { return onA.text() == "before" && onB.text() == "before" })

		revoke(t, d, n.docID, bob)
		n.a.AccessChanged(t.Context(), n.docID)
		// Bob's clients are idle; both are closed, on node A directly and on
		// node B through the bus.
		for _, c := range []*wsClient{onA, onB} {
			if got := c.closedWith(); got != websocket.StatusPolicyViolation {
				t.Fatalf("close status = %v; want 1008", got)
			}
			if !strings.Contains(c.reason, "access revoked") {
				t.Errorf("close reason = %q", c.reason)
			}
		}
		// The owner's connection carries on.
		owner.insert("!")
		late, _ := dialY(t, n.urlA, n.docID, n.owner)
		waitFor(t, "the owner's edit after the revocation", func() bool { return late.text() == "before!" })
		if _, status := dialY(t, n.urlA, n.docID, bob); status != http.StatusForbidden {
			t.Errorf("bob's dial after revocation = %d; want 403", status)
		}
	})
}

func TestAccessChangedMakesAnEditorReadOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTwoNodes(t, d, Options{RecheckEvery: time.Hour})
		bob := n.addUser(t, "bob@mairie.fr", docs.RoleEditor)
		c, _ := dialY(t, n.urlB, n.docID, bob)
		c.insert("a")
		waitFor(t, "bob's edit to be stored", func() bool { top, _ := n.b.store.top(t.Context(), n.docID); return top == 1 })

		if err := n.docs.Grant(t.Context(), n.docID, bob, docs.RoleReader); err != nil {
			t.Fatal(err)
		}
		n.b.AccessChanged(t.Context(), n.docID)
		c.insert("b")
		waitFor(t, "the permission-denied message", func() bool { return c.deniedCount() == 1 })
		if top, _ := n.b.store.top(t.Context(), n.docID); top != 1 {
			t.Fatalf("a reader's update was stored (last seq %d)", top)
		}
		// Still connected, still receiving.
		owner, _ := dialY(t, n.urlA, n.docID, n.owner)
		waitFor(t, "the owner to sync", func() bool { return owner.text() == "a" })
		owner.insert("!")
		waitFor(t, "the reader to receive the owner's edit", func() bool { return strings.Count(c.text(), "!") == 1 })
	})
}

func TestAnonymousReadsOnlyThroughAPublicLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTwoNodes(t, d, Options{RecheckEvery: time.Hour})
		owner, _ := dialY(t, n.urlA, n.docID, n.owner)
		owner.insert("public")
		if _, status := dialY(t, n.urlA, n.docID, ""); status != http.StatusForbidden {
			t.Fatalf("anonymous dial of a restricted document = %d; want 403", status)
		}
		// A public link, even one that lets editors edit, opens read-only
		// to anonymous callers.
		if _, err := d.ExecContext(t.Context(), `UPDATE docs SET link_reach = 'public', link_role = 'editor' WHERE id = $1`, n.docID); err != nil {
			t.Skipf("no public links in this docs model yet: %v", err)
		}
		anon, status := dialY(t, n.urlA, n.docID, "")
		if status != http.StatusSwitchingProtocols {
			t.Fatalf("anonymous dial of a public document = %d; want 101", status)
		}
		waitFor(t, "the anonymous reader to sync", func() bool { return anon.text() == "public" })
		anon.insert(" defaced")
		waitFor(t, "the permission-denied message", func() bool { return anon.deniedCount() == 1 })
		if top, _ := n.a.store.top(t.Context(), n.docID); top != 1 {
			t.Fatalf("an anonymous update was stored (last seq %d)", top)
		}
		// Closing the link closes the anonymous connection.
		if _, err := d.ExecContext(t.Context(), `UPDATE docs SET link_reach = 'restricted' WHERE id = $1`, n.docID); err != nil {
			t.Fatal(err)
		}
		n.b.AccessChanged(t.Context(), n.docID)
		if got := anon.closedWith(); got != websocket.StatusPolicyViolation {
			t.Fatalf("close status = %v; want 1008", got)
		}
	})
}
