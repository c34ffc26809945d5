// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"golang.org/x/net/webdav"
)

// maxPropBody bounds a PROPFIND or PROPPATCH body.
const maxPropBody = 1 << 20

// props answers PROPFIND (see propfind) and PROPPATCH (with x/net/webdav
// over a davFS), after refusing malformed namespace declarations and, for
// PROPPATCH, checking the If header and locks.
func (q *request) props() error {
	body, err := io.ReadAll(io.LimitReader(q.r.Body, maxPropBody+1))
	if err != nil {
		return statusError(http.StatusBadRequest, "Cannot read the body.")
	}
	if len(body) > maxPropBody {
		return statusError(http.StatusRequestEntityTooLarge, "The request body is too large.")
	}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := checkNamespaces(body); err != nil {
			return err
		}
	}
	if q.r.Method == "PROPFIND" {
		d := q.r.Header.Get("Depth")
		if d != "0" && d != "1" {
			// Depth: infinity (or none, which means it) could walk a whole
			// tree in one request; RFC 4918 lets servers refuse it.
			return statusError(http.StatusForbidden, "PROPFIND with Depth: infinity is not allowed.")
		}
		return q.propfind(body, d)
	}
	if _, err := q.lookup(q.path); err != nil {
		return err
	}
	if err := q.checkConditions(target{path: q.path}); err != nil {
		return err
	}
	q.r.Body = io.NopCloser(bytes.NewReader(body))
	h := &webdav.Handler{Prefix: Prefix, FileSystem: newFS(q), LockSystem: checkedLS{}}
	h.ServeHTTP(q.w, q.r)
	return nil
}

// checkNamespaces refuses (400) XML that is not well formed or that
// undeclares a namespace prefix (xmlns:p=""), which XML Namespaces 1.0
// forbids and x/net/webdav accepts.
func checkNamespaces(body []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(body))
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return statusError(http.StatusBadRequest, "Malformed XML.")
		}
		if se, ok := tok.(xml.StartElement); ok {
			for _, a := range se.Attr {
				if a.Name.Space == "xmlns" && a.Value == "" {
					return statusError(http.StatusBadRequest, "Invalid namespace declaration.")
				}
			}
		}
	}
}

// checkedLS is the lock system x/net/webdav sees: conditions and locks
// were already checked against the database by checkConditions, so it
// lets everything through. It never creates a lock (LOCK is answered by
// the package).
type checkedLS struct{}

var _ webdav.LockSystem = checkedLS{}

// Confirm accepts: checkConditions already decided.
func (checkedLS) Confirm(time.Time, string, string, ...webdav.Condition) (func(), error) {
	return func() {}, nil
}

// Create returns a throwaway token for x/net/webdav's per-request lock.
func (checkedLS) Create(time.Time, webdav.LockDetails) (string, error) { return "checked", nil }

// Refresh is never reached.
func (checkedLS) Refresh(time.Time, string, time.Duration) (webdav.LockDetails, error) {
	return webdav.LockDetails{}, os.ErrInvalid
}

// Unlock releases nothing.
func (checkedLS) Unlock(time.Time, string) error { return nil }
