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

	"github.com/ensemble-suite/ensemble/internal/identity"
)

// serveTest serves s over HTTP; callers are whoever the X-Test-User header
// names (none: anonymous). It returns the websocket base URL.
func serveTest(t *testing.T, s *Service) string {
	t.Helper()
	mux := http.NewServeMux()
	s.Mount(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-Test-User"); id != "" {
			r = r.WithContext(identity.WithPrincipal(r.Context(), identity.Principal{User: identity.User{ID: id}, Via: "session"}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http")
}

// wsClient is a minimal y-websocket client over the ygo engine, behaving as
// the stock JavaScript client does: sync step 1 on connect, step 2 in
// answer to the server's step 1, each local change sent as an update.
type wsClient struct {
	t      *testing.T
	ws     *websocket.Conn
	docMu  sync.Mutex
	doc    *crdt.Doc
	mu     sync.Mutex
	denied []string
	closed chan struct{}
	status websocket.StatusCode
	reason string
}

// dialY connects userID ("" for anonymous) to docID at base; it returns
// the HTTP status when the server refuses the upgrade.
func dialY(t *testing.T, base, docID, userID string) (*wsClient, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	h := http.Header{}
	if userID != "" {
		h.Set("X-Test-User", userID)
	}
	ws, resp, err := websocket.Dial(ctx, base+"/collab/"+docID, &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		if resp == nil {
			t.Fatalf("dial: %v", err)
		}
		return nil, resp.StatusCode
	}
	ws.SetReadLimit(64 << 20)
	c := &wsClient{t: t, ws: ws, doc: crdt.New(crdt.WithGC(false)), closed: make(chan struct{})}
	c.doc.OnUpdate(func(update []byte, origin any) {
		if origin != "remote" {
			c.write(yframe(msgSync, ysync.EncodeUpdate(update)))
		}
	})
	c.write(yframe(msgSync, ysync.EncodeSyncStep1(c.doc)))
	go c.readLoop()
	t.Cleanup(func() { ws.CloseNow() })
	return c, http.StatusSwitchingProtocols
}

func yframe(kind uint64, body []byte) []byte {
	e := encoding.NewEncoder()
	e.WriteVarUint(kind)
	e.WriteRaw(body)
	return e.Bytes()
}

func (c *wsClient) write(b []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.ws.Write(ctx, websocket.MessageBinary, b)
}

func (c *wsClient) readLoop() {
	defer close(c.closed)
	for {
		_, b, err := c.ws.Read(context.Background())
		if err != nil {
			c.mu.Lock()
			c.status, c.reason = websocket.CloseStatus(err), err.Error()
			c.mu.Unlock()
			return
		}
		d := encoding.NewDecoder(b)
		kind, _ := d.ReadVarUint()
		rest := b[len(b)-d.Remaining():]
		switch kind {
		case msgSync:
			c.docMu.Lock()
			reply, err := ysync.ApplySyncMessage(c.doc, rest, "remote")
			c.docMu.Unlock()
			if err != nil {
				c.t.Errorf("client: sync message: %v", err)
				return
			}
			if reply != nil {
				c.write(yframe(msgSync, reply))
			}
		case msgAuth:
			d.ReadVarUint()
			reason, _ := d.ReadVarString()
			c.mu.Lock()
			c.denied = append(c.denied, reason)
			c.mu.Unlock()
		}
	}
}

// insert types s at the end of the shared text "t".
func (c *wsClient) insert(s string) {
	c.docMu.Lock()
	defer c.docMu.Unlock()
	txt := c.doc.GetText("t")
	c.doc.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, txt.Len(), s, nil) })
}

func (c *wsClient) text() string {
	c.docMu.Lock()
	defer c.docMu.Unlock()
	return c.doc.GetText("t").ToString()
}

// closedWith waits for the server to close the connection and returns
// the status, or 0 if it stays open for 10 s.
func (c *wsClient) closedWith() websocket.StatusCode {
	select {
	case <-c.closed:
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.status
	case <-time.After(10 * time.Second):
		return 0
	}
}

func (c *wsClient) deniedCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.denied)
}

// waitFor polls until cond holds or fails the test after 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
