// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/ensemble-suite/ensemble/internal/docs"
)

func TestCollabTwoClientsConverge(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	bobID, bob := ts.token(t, "bob@mairie.fr")
	id := ts.createDoc(t, alice, "Notes")
	if err := ts.Docs().Grant(t.Context(), id, bobID, docs.RoleEditor); err != nil {
		t.Fatal(err)
	}
	a, _ := dialY(t, ts, id, alice, nil)
	// Bob authenticates with the Authorization header instead of ?token=.
	b, _ := dialY(t, ts, id, "", http.Header{"Authorization": {"Bearer " + bob}})
	for i := range 20 {
		a.insert("a")
		b.insert("b")
		if i%5 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	converged := func() bool { at := a.text(); return len(at) == 40 && at == b.text() }
	waitFor(t, "two editors to converge", converged)
	if got := a.text(); strings.Count(got, "a") != 20 || strings.Count(got, "b") != 20 {
		t.Fatalf("text = %q", got)
	}
	// A client that connects later gets everything from storage or memory.
	c, _ := dialY(t, ts, id, alice, nil)
	waitFor(t, "a late client to sync", func() bool { return c.text() == a.text() })
}

func TestCollabReaderIsRefusedWrites(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	carolID, carol := ts.token(t, "carol@mairie.fr")
	id := ts.createDoc(t, alice, "Budget")
	if err := ts.Docs().Grant(t.Context(), id, carolID, docs.RoleReader); err != nil {
		t.Fatal(err)
	}
	a, _ := dialY(t, ts, id, alice, nil)
	a.insert("published")
	r, status := dialY(t, ts, id, carol, nil)
	if status != 101 {
		t.Fatalf("reader dial = %d", status)
	}
	waitFor(t, "the reader to sync", func() bool { return r.text() == "published" })
	r.insert(" vandalised")
	waitFor(t, "the permission-denied message", func() bool {
		r.mu.Lock()
		defer r.mu.Unlock()
		return len(r.denied) == 1 && strings.HasPrefix(r.denied[0], "read-only")
	})
	// The reader still receives the editors' updates.
	a.insert("!")
	waitFor(t, "the reader to receive an update", func() bool { return strings.Contains(r.text(), "!") })
	// Nothing of the reader's edit reached the editor or storage.
	fresh, _ := dialY(t, ts, id, alice, nil)
	waitFor(t, "a fresh client to sync", func() bool { return fresh.text() == "published!" })
	if got := a.text(); got != "published!" {
		t.Fatalf("editor text = %q", got)
	}
}

func TestCollabRefusesWithoutAccess(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	_, mallory := ts.token(t, "mallory@mairie.fr")
	id := ts.createDoc(t, alice, "Secret")
	for _, c := range []struct {
		name, doc, token string
	}{
		{"anonymous", id, ""},
		{"no access", id, mallory},
		{"forged token", id, "ens_pat_forged"},
		{"unknown document", "0000000000000000000000000a", alice},
		{"not an id", "..%2f", alice},
	} {
		if _, status := dialY(t, ts, c.doc, c.token, nil); status != http.StatusForbidden {
			t.Errorf("%s: status %d; want 403", c.name, status)
		}
	}
	if strings.Contains(ts.logs.String(), mallory) {
		t.Error("a token from ?token= reached the logs")
	}
}

func TestCollabCorruptFrameClosesOnlyThatConnection(t *testing.T) {
	ts := start(t, nil)
	_, alice := ts.token(t, "alice@mairie.fr")
	id := ts.createDoc(t, alice, "Robust")
	a, _ := dialY(t, ts, id, alice, nil)
	a.insert("safe")
	for _, garbage := range [][]byte{
		{0, 2, 5, 1, 2},             // update longer than the frame
		{0, 2, 3, 0xff, 0xff, 0xff}, // an update that is not one
		{0, 9, 0},                   // unknown sync type
		{7},                         // unknown message type
		{0, 0, 1, 0, 42},            // trailing bytes
		{1, 1, 1, 1, 1, 'x'},        // awareness state that is not JSON
	} {
		bad, _ := dialY(t, ts, id, alice, nil)
		bad.write(garbage)
		select {
		case <-bad.closed:
		case <-time.After(10 * time.Second):
			t.Fatalf("frame %v: connection not closed", garbage)
		}
		if bad.status != websocket.StatusUnsupportedData {
			t.Errorf("frame %v: close status %v (%s); want 1003", garbage, bad.status, bad.reason)
		}
	}
	a.insert("!")
	fresh, _ := dialY(t, ts, id, alice, nil)
	waitFor(t, "the document to be intact", func() bool { return fresh.text() == "safe!" })
	if !strings.Contains(ts.logs.String(), "collab: closing connection") {
		t.Error("no logged reason for the closed connections")
	}
}
