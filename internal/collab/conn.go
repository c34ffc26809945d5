// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// outBuffer is how many frames may wait for a slow client before it is
// disconnected (it resyncs when it reconnects): seconds of a busy
// document's updates.
const outBuffer = 128

// conn is one websocket client of a room. Its handler's goroutine reads;
// a writer goroutine runs only while frames wait to be sent (see
// conn_write.go), so an idle connection costs one goroutine, not two.
type conn struct {
	svc  *Service
	room *room
	ws   *websocket.Conn
	user identity.User

	qmu     sync.Mutex
	queue   [][]byte // frames waiting for the writer
	spare   [][]byte // the writer's last batch, reused
	writing bool     // a writer goroutine is running

	closing  chan struct{} // closed by closeWith
	closed   chan struct{} // closed once the websocket is
	once     sync.Once
	watchdog *time.Timer // armed while writing (see write)
	full     bool        // send the whole document on joining (?sync=full)

	mu      sync.Mutex
	ids     map[uint64]bool // awareness client IDs this connection announced
	role    docs.Role       // changed by rechecks
	checked time.Time       // when role was last asked
}

func newConn(s *Service, r *room, ws *websocket.Conn, u identity.User, role docs.Role) *conn {
	c := &conn{svc: s, room: r, ws: ws, user: u, role: role, checked: time.Now(),
		closing: make(chan struct{}), closed: make(chan struct{}), ids: map[uint64]bool{}}
	c.watchdog = time.AfterFunc(time.Hour, func() {
		c.svc.log.Info("collab: closing connection", "doc", c.room.id, "user", c.user.ID, "reason", "write timed out")
		c.ws.CloseNow()
	})
	c.watchdog.Stop()
	return c
}

// fail closes the connection with a reason, which is logged.
func (c *conn) fail(reason string) {
	c.closeWith(websocket.StatusPolicyViolation, reason)
}

// closeWith closes the websocket with a code and reason (the first call
// wins), in the background: the close handshake waits for the client.
func (c *conn) closeWith(code websocket.StatusCode, reason string) {
	c.once.Do(func() {
		if code != websocket.StatusNormalClosure && code != websocket.StatusGoingAway {
			c.svc.log.Info("collab: closing connection", "doc", c.room.id, "user", c.user.ID, "code", int(code), "reason", reason)
		}
		close(c.closing)
		go func() {
			defer close(c.closed)
			if code == websocket.StatusNormalClosure {
				c.ws.CloseNow() // the client closed, or the link is gone
				return
			}
			c.ws.Close(code, reason)
		}()
	})
}

func (c *conn) clientIDs() map[uint64]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ids
}

// serve runs the connection until either side closes it or the server
// stops (stopping is done).
func (c *conn) serve(ctx context.Context, stopping context.Context) {
	stop := context.AfterFunc(stopping, func() { c.closeWith(websocket.StatusGoingAway, "server stopping") })
	defer stop()
	c.room.join(c)
	if c.full {
		if err := c.room.syncReply(c, emptyStateVector); err != nil {
			c.fail("cannot send the document: " + err.Error())
		}
	}
	// Reads end when the websocket closes; a context that is never done
	// spares the websocket a timer registration per message.
	readCtx := context.WithoutCancel(ctx)
	for {
		typ, frame, err := c.ws.Read(readCtx)
		if err != nil {
			c.closeWith(websocket.StatusNormalClosure, "")
			break
		}
		if typ != websocket.MessageBinary {
			c.closeWith(websocket.StatusUnsupportedData, "binary frames only")
			break
		}
		if err := c.handle(ctx, frame); err != nil {
			c.closeWith(websocket.StatusUnsupportedData, truncate(err.Error(), 120))
			break
		}
	}
	<-c.closed
	if gone := c.room.leave(c); len(gone) > 0 {
		c.svc.publish(context.WithoutCancel(ctx), c.room.id, busAwareness, encodeAwareness(gone))
	}
}

// handle acts on one frame. An error closes the connection; the document
// is unchanged by a refused frame.
func (c *conn) handle(ctx context.Context, frame []byte) error {
	m, err := decodeMessage(frame)
	if err != nil {
		return err
	}
	if err := c.recheck(ctx); err != nil {
		return err
	}
	switch m.kind {
	case msgSync:
		switch m.sync {
		case syncStep1:
			return c.room.syncReply(c, m.payload)
		case syncStep2, syncUpdate:
			if !c.currentRole().CanWrite() {
				return c.refuseWrite(m.sync)
			}
			return c.room.submit(c, m.payload)
		}
	case msgAwareness:
		entries, err := decodeAwareness(m.payload)
		if err != nil {
			return err
		}
		c.mu.Lock()
		for _, e := range entries {
			c.ids[e.clientID] = true
		}
		c.mu.Unlock()
		if fresh := c.room.awareness(c, entries); len(fresh) > 0 {
			c.svc.publish(context.WithoutCancel(ctx), c.room.id, busAwareness, encodeAwareness(fresh))
		}
	case msgQueryAwareness:
		c.send(c.room.presenceFrame())
	}
	return nil
}

// refuseWrite answers a reader's document update. Sync step 2 (what the
// reader has that the server lacks, sent by every client after connecting)
// is ignored silently; an update gets a y-protocols permission-denied
// message, which the stock client logs as a warning. Neither is stored or
// relayed; the reader's own replica keeps its local change until reloaded.
func (c *conn) refuseWrite(sync uint64) error {
	if sync == syncUpdate {
		c.send(deniedFrame("read-only: your changes to this document are not saved"))
	}
	return nil
}

// recheck asks again, now and then, whether the user may still open the
// document: a revoked access ends the connection, a changed role applies
// from the next message. The user's other connections to the room share
// the answer (see roleCache). AccessChanged makes every connection recheck
// at once.
func (c *conn) recheck(ctx context.Context) error {
	c.mu.Lock()
	due := time.Since(c.checked) >= c.svc.opts.RecheckEvery
	c.mu.Unlock()
	if !due {
		return nil
	}
	if cached, ok := c.room.recentRole(c.user.ID, c.svc.opts.RecheckEvery); ok {
		// As old as the answer: never more than RecheckEvery behind.
		c.mu.Lock()
		c.role, c.checked = cached.role, cached.at
		c.mu.Unlock()
		return nil
	}
	return c.checkNow(ctx)
}

// checkNow asks the user's role now; a lost read access closes the
// connection (1008, even if the client is idle) and returns an error.
func (c *conn) checkNow(ctx context.Context) error {
	role, err := c.svc.access(ctx, c.room.id, c.user)
	if errors.Is(err, errs.NotFound) {
		c.room.forgetRole(c.user.ID)
		c.fail("access revoked")
		return errAccessRevoked
	}
	if err != nil {
		return nil // keep the last known role through a database hiccup
	}
	c.room.noteRole(c.user.ID, role)
	c.mu.Lock()
	c.role, c.checked = role, time.Now()
	c.mu.Unlock()
	return nil
}

func (c *conn) currentRole() docs.Role {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.role
}

// access returns what user may do with docID: their role, or for an
// anonymous caller (no user ID) what the document's public link grants,
// read-only at most. errs.NotFound means no access.
func (s *Service) access(ctx context.Context, docID string, user identity.User) (docs.Role, error) {
	role, err := s.perms.Role(ctx, docID, user.ID)
	if err != nil {
		return "", err
	}
	if !role.CanRead() {
		return "", fmt.Errorf("collab: %q: %w", docID, errs.NotFound)
	}
	if user.ID == "" {
		return docs.RoleReader, nil
	}
	return role, nil
}

// AccessChanged makes every open connection to docID, on this node and,
// through the bus, on the others, check its access again at once: one
// that lost read access is closed (1008, "access revoked"), one whose role
// changed gets it from its next message (an editor become reader is
// refused its next update). The docs service calls it after any change of
// a document's accesses or link.
func (s *Service) AccessChanged(ctx context.Context, docID string) {
	// The caller's request may end at once; the rechecks must not fail
	// for it (a failed check keeps the last known role).
	ctx = context.WithoutCancel(ctx)
	s.publish(ctx, docID, busAccess, nil)
	s.mu.Lock()
	r := s.rooms[docID]
	s.mu.Unlock()
	if r != nil {
		<-r.ready
		s.recheckRoom(ctx, r)
	}
}

// recheckRoom checks the access of every connection of r on this node.
func (s *Service) recheckRoom(ctx context.Context, r *room) {
	r.mu.Lock()
	clear(r.roles)
	conns := make([]*conn, 0, len(r.conns))
	for c := range r.conns {
		conns = append(conns, c)
	}
	r.mu.Unlock()
	for _, c := range conns {
		c.checkNow(ctx)
	}
}

var errAccessRevoked = errors.New("collab: access revoked")

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
