// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// target is a resource a request changes: deep when it changes everything
// below too (DELETE, MOVE), member when it adds or removes the resource in
// its parent folder (whose own lock then applies).
type target struct {
	path   string
	deep   bool
	member bool
}

// checkConditions evaluates the If header (412 if no list holds; 400 if it
// is malformed) and refuses with 423 a change to a locked resource whose
// lock token was not submitted.
func (q *request) checkConditions(targets ...target) error {
	submitted := map[string]bool{}
	if hdr := q.r.Header.Get("If"); hdr != "" {
		lists, ok := parseIf(hdr)
		if !ok {
			return statusError(http.StatusBadRequest, "Malformed If header.")
		}
		holds := false
		for _, l := range lists {
			for _, c := range l.conditions {
				if c.token != "" {
					submitted[c.token] = true
				}
			}
			if !holds {
				ok, err := q.evalList(l)
				if err != nil {
					return err
				}
				holds = ok
			}
		}
		if !holds {
			return statusError(http.StatusPreconditionFailed, "No condition of the If header holds.")
		}
	}
	for _, t := range targets {
		if err := q.checkLocks(t.path, t.deep, submitted); err != nil {
			return err
		}
		if t.member && t.path != "/" {
			if err := q.checkLocks(path.Dir(t.path), false, submitted); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkLocks refuses when a lock applies to p (or below it, if deep) and
// the request submitted none of the tokens that would let it through: an
// exclusive lock's own token, or any one of the shared locks'.
func (q *request) checkLocks(p string, deep bool, submitted map[string]bool) error {
	locks, err := q.locksOn(lockKey(p), deep)
	if err != nil {
		return err
	}
	sharedOK, anyShared := false, false
	for _, l := range locks {
		held := submitted[l.token] && l.holder == q.user.ID
		if !l.shared && !held {
			return statusError(http.StatusLocked, "The resource is locked.")
		}
		if l.shared {
			anyShared = true
			sharedOK = sharedOK || held
		}
	}
	if anyShared && !sharedOK {
		return statusError(http.StatusLocked, "The resource is locked.")
	}
	return nil
}

// evalList reports whether every condition of one If list holds for its
// resource.
func (q *request) evalList(l ifList) (bool, error) {
	p := q.path
	if l.resource != "" {
		u, err := url.Parse(l.resource)
		if err != nil || (u.Host != "" && u.Host != q.r.Host) {
			return false, nil
		}
		var ok bool
		if p, ok = requestPath(u); !ok {
			return false, nil
		}
	}
	etag := ""
	if n, err := q.h.drive.Lookup(q.r.Context(), q.user.ID, p); err == nil {
		etag = n.ETag
	}
	var tokens map[string]bool
	for _, c := range l.conditions {
		var holds bool
		if c.token != "" {
			if tokens == nil {
				locks, err := q.locksOn(lockKey(p), false)
				if err != nil {
					return false, err
				}
				tokens = map[string]bool{}
				for _, lk := range locks {
					tokens[lk.token] = true
				}
			}
			holds = tokens[c.token]
		} else {
			holds = etag != "" && c.etag == etag
		}
		if holds == c.not {
			return false, nil
		}
	}
	return true, nil
}

// locksOn returns the user's live locks that apply to key (and, if deep,
// those below it). The user's locks are read once per request: a user
// holds few.
func (q *request) locksOn(key string, deep bool) ([]lock, error) {
	if q.locks == nil {
		all, err := q.h.locks.covering(q.r.Context(), q.h.locks.db, q.user.ID, "/", true)
		if err != nil {
			return nil, err
		}
		q.locks = append([]lock{}, all...)
	}
	var out []lock
	prefix := strings.TrimSuffix(key, "/") + "/"
	for _, l := range q.locks {
		if covers(l, key) || (deep && strings.HasPrefix(l.root, prefix)) {
			out = append(out, l)
		}
	}
	return out, nil
}
