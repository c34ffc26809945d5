// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package dav serves a user's drive over WebDAV (RFC 4918, classes 1 and
// 2) at /dav/. It authenticates with HTTP Basic (the email and a personal
// access token as the password) or a Bearer token.
//
// golang.org/x/net/webdav answers PROPPATCH over a webdav.FileSystem view
// of the drive. Everything else is answered here, so that uploads stream
// into the drive with its quota and versions, PROPFIND writes its
// multistatus directly (in the form x/net/webdav writes, at a fraction of
// the cost for large folders), and what x/net/webdav lacks is done right: dead properties stored in the
// database, shared and exclusive locks stored in the database (every node
// agrees), the If header evaluated in full (state tokens and entity tags,
// 412 when no list matches, 423 when a lock's token is missing), and
// malformed XML namespace declarations refused with 400.
package dav

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Prefix is where the WebDAV tree is served.
const Prefix = "/dav"

// Users finds the account behind a personal access token.
type Users interface {
	UserByToken(ctx context.Context, secret string) (identity.User, error)
}

// Handler serves WebDAV.
type Handler struct {
	drive *drive.Service
	users Users
	locks *lockStore
	log   *slog.Logger
}

// New returns the WebDAV handler over the drive.
func New(d *db.DB, dr *drive.Service, users Users, log *slog.Logger) *Handler {
	return &Handler{drive: dr, users: users, locks: &lockStore{db: d, now: time.Now}, log: log}
}

// Mount registers the handler at /dav/ on mux. It expects identity's
// Authenticate middleware in front (for Bearer tokens).
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle(Prefix+"/", h)
	mux.Handle(Prefix, http.RedirectHandler(Prefix+"/", http.StatusMovedPermanently))
}

// request is one WebDAV request being answered.
type request struct {
	h    *Handler
	w    http.ResponseWriter
	r    *http.Request
	user identity.User
	path string // cleaned, "/"-rooted, within the user's tree

	sharedList []sharedEntry // loaded by shared
	has        *bool         // loaded by hasShared
	locks      []lock        // the user's live locks, loaded by locksOn
}

// ServeHTTP answers a WebDAV request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u, ok := h.authenticate(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Basic realm="Ensemble WebDAV", charset="UTF-8"`)
		http.Error(w, "Sign in with your email and a personal access token.", http.StatusUnauthorized)
		return
	}
	p, ok := requestPath(r.URL)
	if !ok {
		http.Error(w, "Bad path.", http.StatusBadRequest)
		return
	}
	q := &request{h: h, w: w, r: r, user: u, path: p}
	var err error
	switch r.Method {
	case http.MethodOptions:
		err = q.options()
	case http.MethodGet, http.MethodHead:
		err = q.get()
	case http.MethodPut:
		err = q.put()
	case http.MethodDelete:
		err = q.delete()
	case "MKCOL":
		err = q.mkcol()
	case "COPY", "MOVE":
		err = q.copyMove()
	case "LOCK":
		err = q.lock()
	case "UNLOCK":
		err = q.unlock()
	case "PROPFIND", "PROPPATCH":
		err = q.props()
	default:
		w.Header().Set("Allow", allow)
		err = statusError(http.StatusMethodNotAllowed, "Method not allowed.")
	}
	if err != nil {
		q.fail(err)
	}
}

const allow = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, COPY, MOVE, LOCK, UNLOCK, PROPFIND, PROPPATCH"

// authenticate accepts the Principal that a Bearer token gave (not a
// browser session: WebDAV clients send credentials every time), or Basic
// with the account's email and a personal access token.
func (h *Handler) authenticate(r *http.Request) (identity.User, bool) {
	if p, ok := identity.PrincipalFrom(r.Context()); ok && p.Via == "token" {
		return p.User, true
	}
	email, secret, ok := r.BasicAuth()
	if !ok || secret == "" {
		return identity.User{}, false
	}
	u, err := h.users.UserByToken(r.Context(), secret)
	if err != nil || !strings.EqualFold(strings.TrimSpace(email), u.Email) {
		return identity.User{}, false
	}
	return u, true
}

// requestPath returns the cleaned path below Prefix. Encoded slashes and
// backslashes in a segment, and paths outside the prefix, are refused.
func requestPath(u *url.URL) (string, bool) {
	raw := u.EscapedPath()
	if lower := strings.ToLower(raw); strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") || strings.Contains(lower, "%00") {
		return "", false
	}
	p := u.Path
	if p != Prefix && !strings.HasPrefix(p, Prefix+"/") {
		return "", false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	return path.Clean("/" + strings.TrimPrefix(p, Prefix)), true
}

// href is the URL path of p, escaped, with a trailing slash for folders.
func href(p string, dir bool) string {
	u := url.URL{Path: path.Join(Prefix, p)}
	s := u.EscapedPath()
	if dir && !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s
}

// httpError is a status with a short message for the client.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func statusError(status int, msg string) error { return &httpError{status, msg} }

// fail answers err: an httpError as is, a drive error by its kind.
func (q *request) fail(err error) {
	var he *httpError
	status, msg := http.StatusInternalServerError, "Internal error."
	var d *errs.Detail
	switch {
	case errors.As(err, &he):
		status, msg = he.status, he.msg
	case errors.Is(err, errs.NotFound):
		status, msg = http.StatusNotFound, "Not found."
	case errors.Is(err, errs.TooLarge):
		status, msg = http.StatusInsufficientStorage, "Quota exceeded."
	case errors.Is(err, errs.Conflict):
		status, msg = http.StatusConflict, "Conflict."
	case errors.Is(err, errs.Invalid):
		status, msg = http.StatusBadRequest, "Bad request."
	case errors.Is(err, errs.Forbidden):
		status, msg = http.StatusForbidden, "Forbidden."
	case errors.Is(err, context.Canceled):
		status, msg = 499, "Canceled."
	}
	if errors.As(err, &d) {
		msg = d.Message
	}
	if status >= 500 && status != http.StatusInsufficientStorage {
		q.h.log.Error("dav: request failed", "method", q.r.Method, "path", q.path, "err", err)
	} else {
		q.h.log.Debug("dav: request refused", "method", q.r.Method, "path", q.path, "status", status, "err", err)
	}
	http.Error(q.w, msg, status)
}
