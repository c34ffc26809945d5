// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coder/websocket"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Mount registers GET /collab/{docID}, the y-websocket endpoint. It
// expects identity's Authenticate middleware in front; a websocket client
// that cannot set headers may pass a personal access token as ?token=.
func (s *Service) Mount(mux *http.ServeMux) {
	mux.Handle("GET /collab/{docID}", httpx.Handle(s.log, s.handleConnect))
}

// forbidden is the answer before the upgrade to anyone without read
// access: an unknown document, no access and no credentials look the same.
var forbidden = httpx.NewError(http.StatusForbidden, "forbidden", "You cannot open this document.")

func (s *Service) handleConnect(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	docID := r.PathValue("docID")
	user, ok := s.caller(r)
	if !ok || !ids.Valid(docID) {
		return forbidden
	}
	role, err := s.access(ctx, docID, user)
	if errors.Is(err, errs.NotFound) {
		return forbidden
	}
	if err != nil {
		return err
	}
	stopping, done, ok := s.streams.Track()
	if !ok {
		return httpx.NewError(http.StatusServiceUnavailable, "stopping", "The server is stopping.")
	}
	rm, err := s.acquire(ctx, docID)
	if err != nil {
		done()
		return fmt.Errorf("collab: open %q: %w", docID, err)
	}
	ws, err := websocket.Accept(w, r, nil)
	if err != nil {
		s.release(rm)
		done()
		return nil // Accept answered the client
	}
	ws.SetReadLimit(s.opts.MaxMessage)
	c := newConn(s, rm, ws, user, role)
	// ?sync=full: the client starts empty and wants the whole document at
	// once, as the answer to a sync step 1 it has not sent (the web app's
	// early load). It saves a round trip; stock clients never ask it.
	c.full = r.URL.Query().Get("sync") == "full"
	// The connection lives on in a goroutine of its own, and the request
	// ends here (its log line and metrics say 101 and the handshake's
	// time): the handler's deep stack, the request and its buffers are
	// freed, about half of what each open connection held. The request's
	// context ends with the handler; the connection keeps its values.
	go func() {
		defer done()
		defer s.release(rm)
		c.serve(context.WithoutCancel(ctx), stopping)
	}()
	return nil
}

// caller returns who is connecting: the request's principal (session
// cookie or Bearer token), else the personal access token in ?token=,
// else an anonymous caller (no ID), who may read a document whose public
// link allows it. A token that is not valid is refused, not anonymous.
func (s *Service) caller(r *http.Request) (identity.User, bool) {
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		return p.User, true
	}
	token := r.URL.Query().Get("token")
	if token == "" {
		return identity.User{}, true
	}
	if s.users == nil {
		return identity.User{}, false
	}
	u, err := s.users.UserByToken(r.Context(), token)
	if err != nil {
		return identity.User{}, false
	}
	return u, true
}

// writeTimeout bounds the writing of what is queued for a client.
const writeTimeout = 10 * time.Second
