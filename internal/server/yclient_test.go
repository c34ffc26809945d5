// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/reearth/ygo/crdt"
	"github.com/reearth/ygo/encoding"
	ysync "github.com/reearth/ygo/sync"
)

// yclient is a minimal y-websocket client over the ygo engine, as the
// stock JavaScript client behaves: it sends sync step 1 on connect,
// answers the server's step 1 with step 2, and sends each local change as
// an update.
type yclient struct {
	t   *testing.T
	ws  *websocket.Conn
	doc *crdt.Doc

	docMu  sync.Mutex // the test and the read loop both touch doc
	mu     sync.Mutex
	denied []string
	closed chan struct{}
	status websocket.StatusCode
	reason string
}

// dialY connects to /collab/{docID} with the token in ?token= (or no
// credentials when token is empty) and returns the HTTP status on refusal.
func dialY(t *testing.T, ts *testServer, docID, token string, header http.Header) (*yclient, int) {
	t.Helper()
	u := "ws" + strings.TrimPrefix(ts.url, "http") + "/collab/" + docID
	if token != "" {
		u += "?token=" + token
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	ws, resp, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: header})
	if err != nil {
		if resp == nil {
			t.Fatalf("dial: %v", err)
		}
		return nil, resp.StatusCode
	}
	ws.SetReadLimit(64 << 20)
	c := &yclient{t: t, ws: ws, doc: crdt.New(crdt.WithGC(false)), closed: make(chan struct{})}
	c.doc.OnUpdate(func(update []byte, origin any) {
		if origin != "remote" {
			c.write(frame(0, ysync.EncodeUpdate(update)))
		}
	})
	c.write(frame(0, ysync.EncodeSyncStep1(c.doc)))
	go c.readLoop()
	t.Cleanup(func() { ws.CloseNow() })
	return c, 101
}

func frame(kind uint64, body []byte) []byte {
	e := encoding.NewEncoder()
	e.WriteVarUint(kind)
	e.WriteRaw(body)
	return e.Bytes()
}

func (c *yclient) write(b []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c.ws.Write(ctx, websocket.MessageBinary, b)
}

func (c *yclient) readLoop() {
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
		case 0:
			c.docMu.Lock()
			reply, err := ysync.ApplySyncMessage(c.doc, rest, "remote")
			c.docMu.Unlock()
			if err != nil {
				c.t.Errorf("client: sync message: %v", err)
				return
			}
			if reply != nil {
				c.write(frame(0, reply))
			}
		case 2:
			d.ReadVarUint()
			reason, _ := d.ReadVarString()
			c.mu.Lock()
			c.denied = append(c.denied, reason)
			c.mu.Unlock()
		}
	}
}

// insert types s at the end of the shared text "t".
func (c *yclient) insert(s string) {
	c.docMu.Lock()
	defer c.docMu.Unlock()
	txt := c.doc.GetText("t")
	c.doc.Transact(func(txn *crdt.Transaction) { txt.Insert(txn, txt.Len(), s, nil) })
}

func (c *yclient) text() string {
	c.docMu.Lock()
	defer c.docMu.Unlock()
	return c.doc.GetText("t").ToString()
}

// waitFor polls until cond holds or fails the test after 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
