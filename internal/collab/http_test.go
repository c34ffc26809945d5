// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/reearth/ygo/crdt"
	"github.com/reearth/ygo/encoding"
	ysync "github.com/reearth/ygo/sync"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// harness serves one Service whose callers are whoever the X-Test-User
// header names, with a drain group the test controls.
func harness(t *testing.T, opts Options) (s *Service, docID, ownerID string, url string) {
	t.Helper()
	d := dbtest.SQLite(t)
	s, docID = newTestService(t, d, opts)
	if err := d.QueryRowContext(t.Context(), `SELECT owner_id FROM docs WHERE id = $1`, docID).Scan(&ownerID); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Mount(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-Test-User"); id != "" {
			r = r.WithContext(identity.WithPrincipal(r.Context(), identity.Principal{User: identity.User{ID: id}, Via: "session"}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return s, docID, ownerID, "ws" + strings.TrimPrefix(srv.URL, "http")
}

func dialRaw(t *testing.T, url, userID string) *websocket.Conn {
	t.Helper()
	ws, _, err := websocket.Dial(t.Context(), url, &websocket.DialOptions{HTTPHeader: http.Header{"X-Test-User": {userID}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	return ws
}

// closeStatus reads until the server closes ws and returns the status.
func closeStatus(t *testing.T, ws *websocket.Conn) websocket.StatusCode {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	for {
		if _, _, err := ws.Read(ctx); err != nil {
			return websocket.CloseStatus(err)
		}
	}
}

func TestRevokedAccessClosesTheConnection(t *testing.T) {
	s, docID, owner, url := harness(t, Options{RecheckEvery: time.Millisecond})
	ws := dialRaw(t, url+"/collab/"+docID, owner)
	if _, err := s.store.db.ExecContext(t.Context(), `DELETE FROM access_grants WHERE resource_kind = 'doc' AND resource_id = $1`, docID); err != nil {
		t.Fatal(err)
	}
	time.Sleep(5 * time.Millisecond)
	ws.Write(t.Context(), websocket.MessageBinary, []byte{msgQueryAwareness})
	if got := closeStatus(t, ws); got != websocket.StatusPolicyViolation {
		t.Fatalf("close status after revocation = %v; want 1008", got)
	}
}

func TestDrainClosesWithGoingAway(t *testing.T) {
	s, docID, owner, url := harness(t, Options{})
	ws := dialRaw(t, url+"/collab/"+docID, owner)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.streams.Drain(ctx) }()
	if got := closeStatus(t, ws); got != websocket.StatusGoingAway {
		t.Fatalf("close status on drain = %v; want 1001", got)
	}
	if err := <-done; err != nil {
		t.Fatalf("Drain = %v", err)
	}
}

func TestIdleRoomIsEvictedAndReloaded(t *testing.T) {
	s, docID, owner, url := harness(t, Options{IdleDelay: 10 * time.Millisecond})
	ws := dialRaw(t, url+"/collab/"+docID, owner)
	frame := syncFrame(syncUpdate, edits(1)[0])
	if err := ws.Write(t.Context(), websocket.MessageBinary, frame); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got, _ := s.store.load(t.Context(), docID); got.logCount == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the update was not stored")
		}
		time.Sleep(5 * time.Millisecond)
	}
	ws.Close(websocket.StatusNormalClosure, "")
	for {
		s.mu.Lock()
		n := len(s.rooms)
		s.mu.Unlock()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the idle room stayed in memory")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if got, err := s.Text(t.Context(), docID, "t"); err != nil || got != "x" {
		t.Fatalf("Text after reload = %q, %v", got, err)
	}
}

// countingPerms counts the role lookups of a Service.
type countingPerms struct {
	Permissions
	mu sync.Mutex
	n  int
}

func (p *countingPerms) Role(ctx context.Context, docID, userID string) (docs.Role, error) {
	p.mu.Lock()
	p.n++
	p.mu.Unlock()
	return p.Permissions.Role(ctx, docID, userID)
}

func (p *countingPerms) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

// A user's connections to a document share one periodic recheck, a pushed
// change rechecks each, and a revocation found by one is not hidden from
// the others by the shared answer.
func TestConnectionsOfAUserShareRechecks(t *testing.T) {
	s, docID, owner, url := harness(t, Options{RecheckEvery: time.Hour})
	perms := &countingPerms{Permissions: s.perms}
	s.perms = perms
	ws := []*websocket.Conn{dialRaw(t, url+"/collab/"+docID, owner), dialRaw(t, url+"/collab/"+docID, owner)}
	ask := func(i int) {
		t.Helper()
		if err := ws[i].Write(t.Context(), websocket.MessageBinary, []byte{msgQueryAwareness}); err != nil {
			t.Fatal(err)
		}
		for {
			_, f, err := ws[i].Read(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if f[0] == msgAwareness {
				return
			}
		}
	}
	ask(0)
	ask(1) // both connections are in the room now
	r := s.openRoom(docID)
	defer s.release(r)
	due := func() { // make every connection's recheck and every answer due
		r.mu.Lock()
		for id, c := range r.roles {
			r.roles[id] = cachedRole{role: c.role}
		}
		for c := range r.conns {
			c.mu.Lock()
			c.checked = time.Time{}
			c.mu.Unlock()
		}
		r.mu.Unlock()
	}
	before := perms.count() // the upgrades asked too
	due()
	ask(0)
	ask(1)
	if got := perms.count() - before; got != 1 {
		t.Fatalf("%d role lookups for two connections of one user; want 1", got)
	}
	s.AccessChanged(t.Context(), docID)
	if got := perms.count() - before; got != 3 {
		t.Fatalf("%d role lookups after a pushed change; want 3 (one per connection)", got)
	}
	if _, err := s.store.db.ExecContext(t.Context(), `DELETE FROM access_grants WHERE resource_kind = 'doc' AND resource_id = $1`, docID); err != nil {
		t.Fatal(err)
	}
	due()
	for i := range ws { // the first finds the revocation; the second is not told otherwise
		ws[i].Write(t.Context(), websocket.MessageBinary, []byte{msgQueryAwareness})
		if got := closeStatus(t, ws[i]); got != websocket.StatusPolicyViolation {
			t.Fatalf("connection %d: close status after revocation = %v; want 1008", i, got)
		}
	}
}

// A client that asks ?sync=full gets the whole document without sending a
// sync step 1: the server's step 1, then a step 2 with everything.
func TestSyncFullSendsTheDocumentOnJoining(t *testing.T) {
	_, docID, ownerID, url := harness(t, Options{})
	writer, _ := dialY(t, url, docID, ownerID)
	reader, _ := dialY(t, url, docID, ownerID)
	writer.insert("hello, early reader")
	waitFor(t, "the edit to reach another client", func() bool { return reader.text() == "hello, early reader" })

	ws := dialRaw(t, url+"/collab/"+docID+"?sync=full", ownerID)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	doc := crdt.New(crdt.WithGC(false))
	var kinds []uint64
	for doc.GetText("t").ToString() != "hello, early reader" {
		_, b, err := ws.Read(ctx)
		if err != nil {
			t.Fatalf("read: %v (sync messages so far %v)", err, kinds)
		}
		d := encoding.NewDecoder(b)
		if kind, _ := d.ReadVarUint(); kind != msgSync {
			continue
		}
		rest := b[len(b)-d.Remaining():]
		sub, _ := encoding.NewDecoder(rest).ReadVarUint()
		kinds = append(kinds, sub)
		if _, err := ysync.ApplySyncMessage(doc, rest, "remote"); err != nil {
			t.Fatal(err)
		}
	}
	if len(kinds) != 2 || kinds[0] != syncStep1 || kinds[1] != syncStep2 {
		t.Fatalf("sync messages %v, want step 1 then step 2", kinds)
	}
}
