// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Lock timeouts, in seconds.
const (
	defaultTimeout = 3600
	maxTimeout     = 7 * 24 * 3600
)

// lockInfo is the body of a LOCK request.
type lockInfo struct {
	XMLName   xml.Name  `xml:"DAV: lockinfo"`
	Exclusive *struct{} `xml:"DAV: lockscope>exclusive"`
	Shared    *struct{} `xml:"DAV: lockscope>shared"`
	Write     *struct{} `xml:"DAV: locktype>write"`
	Owner     *struct {
		Inner string `xml:",innerxml"`
	} `xml:"DAV: owner"`
}

func parseTimeout(h string) int64 {
	for part := range strings.SplitSeq(h, ",") {
		part = strings.TrimSpace(part)
		if strings.EqualFold(part, "Infinite") {
			return maxTimeout
		}
		if v, ok := strings.CutPrefix(part, "Second-"); ok {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
				return min(n, maxTimeout)
			}
		}
	}
	return defaultTimeout
}

func (q *request) lock() error {
	ctx := q.r.Context()
	body, err := io.ReadAll(io.LimitReader(q.r.Body, 64<<10+1))
	if err != nil {
		return statusError(http.StatusBadRequest, "Cannot read the body.")
	}
	if len(body) > 64<<10 {
		return statusError(http.StatusRequestEntityTooLarge, "The lock request is too large.")
	}
	timeout := parseTimeout(q.r.Header.Get("Timeout"))
	if len(bytes.TrimSpace(body)) == 0 {
		return q.refresh(timeout)
	}
	if err := checkNamespaces(body); err != nil {
		return err
	}
	var li lockInfo
	if err := xml.Unmarshal(body, &li); err != nil || li.Write == nil || (li.Exclusive == nil) == (li.Shared == nil) {
		return statusError(http.StatusBadRequest, "Malformed lockinfo.")
	}
	l := lock{root: lockKey(q.path), shared: li.Shared != nil, holder: q.user.ID, timeout: timeout}
	if li.Owner != nil {
		l.ownerXML = li.Owner.Inner
	}
	switch q.r.Header.Get("Depth") {
	case "", "infinity":
	case "0":
		l.zeroDepth = true
	default:
		return statusError(http.StatusBadRequest, "LOCK takes Depth: 0 or infinity.")
	}
	if err := q.checkConditions(); err != nil {
		return err
	}
	created := false
	if _, err := q.lookup(q.path); errors.Is(err, errs.NotFound) {
		parent, name, err := q.parent(q.path)
		if err != nil {
			return err
		}
		if err := q.checkConditions(target{path: q.path, member: true}); err != nil {
			return err
		}
		if _, err := q.h.drive.Put(ctx, q.user.ID, parent.ID, name, strings.NewReader(""), drive.PutOptions{Size: 0}); err != nil {
			return err
		}
		created = true
	} else if err != nil {
		return err
	}
	if err := q.h.locks.create(ctx, q.user.ID, &l); errors.Is(err, errLocked) {
		return statusError(http.StatusLocked, "A conflicting lock exists.")
	} else if err != nil {
		return err
	}
	q.w.Header().Set("Lock-Token", "<"+l.token+">")
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return q.writeLockDiscovery(status, []lock{l})
}

// refresh extends the lock named in the If header.
func (q *request) refresh(timeout int64) error {
	lists, ok := parseIf(q.r.Header.Get("If"))
	if !ok {
		return statusError(http.StatusBadRequest, "Refreshing a lock needs its token in an If header.")
	}
	key := lockKey(q.path)
	for _, list := range lists {
		for _, c := range list.conditions {
			if c.token == "" || c.not {
				continue
			}
			l, err := q.h.locks.byToken(q.r.Context(), q.user.ID, c.token)
			if errors.Is(err, errs.NotFound) || (err == nil && !covers(l, key)) {
				continue
			}
			if err != nil {
				return err
			}
			if err := q.h.locks.refresh(q.r.Context(), &l, timeout); err != nil {
				return err
			}
			return q.writeLockDiscovery(http.StatusOK, []lock{l})
		}
	}
	return statusError(http.StatusPreconditionFailed, "No lock of this resource matches the If header.")
}

// covers reports whether lock l applies to key.
func covers(l lock, key string) bool {
	if l.root == key {
		return true
	}
	if l.zeroDepth {
		return false
	}
	return l.root == "/" || strings.HasPrefix(key, l.root+"/")
}

func (q *request) unlock() error {
	token := strings.TrimSpace(q.r.Header.Get("Lock-Token"))
	token = strings.TrimSuffix(strings.TrimPrefix(token, "<"), ">")
	if token == "" {
		return statusError(http.StatusBadRequest, "Lock-Token header missing.")
	}
	l, err := q.h.locks.byToken(q.r.Context(), q.user.ID, token)
	if errors.Is(err, errs.NotFound) || (err == nil && !covers(l, lockKey(q.path))) {
		return statusError(http.StatusConflict, "No such lock on this resource.")
	}
	if err != nil {
		return err
	}
	if l.holder != q.user.ID {
		return statusError(http.StatusForbidden, "This lock belongs to someone else.")
	}
	if err := q.h.locks.remove(q.r.Context(), token); err != nil {
		return err
	}
	q.w.WriteHeader(http.StatusNoContent)
	return nil
}

func (q *request) writeLockDiscovery(status int, locks []lock) error {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<D:prop xmlns:D="DAV:"><D:lockdiscovery>`)
	for _, l := range locks {
		b.WriteString(activeLock(l, href(q.path, false)))
	}
	b.WriteString(`</D:lockdiscovery></D:prop>`)
	q.w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	q.w.WriteHeader(status)
	_, err := io.WriteString(q.w, b.String())
	return err
}

// activeLock renders one DAV:activelock element (prefix D bound to DAV:).
func activeLock(l lock, root string) string {
	scope, depth := "exclusive", "infinity"
	if l.shared {
		scope = "shared"
	}
	if l.zeroDepth {
		depth = "0"
	}
	var esc bytes.Buffer
	xml.EscapeText(&esc, []byte(root))
	var tok bytes.Buffer
	xml.EscapeText(&tok, []byte(l.token))
	return fmt.Sprintf(`<D:activelock xmlns:D="DAV:"><D:locktype><D:write/></D:locktype><D:lockscope><D:%s/></D:lockscope>`+
		`<D:depth>%s</D:depth><D:owner>%s</D:owner><D:timeout>Second-%d</D:timeout>`+
		`<D:locktoken><D:href>%s</D:href></D:locktoken><D:lockroot><D:href>%s</D:href></D:lockroot></D:activelock>`,
		scope, depth, l.ownerXML, l.timeout, tok.String(), esc.String())
}
