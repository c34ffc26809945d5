// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"time"

	"github.com/ensemble-suite/ensemble/internal/docs"
)

// roleCache is the last role asked for each user of a room (the anonymous
// caller under ""), so that a user's several connections to a document
// (tabs, devices) share one periodic recheck instead of one each. Pushed
// changes (AccessChanged) clear it.
type roleCache map[string]cachedRole

type cachedRole struct {
	role docs.Role
	at   time.Time
}

// recentRole returns userID's role, and when it was asked, if that was
// less than maxAge ago.
func (r *room) recentRole(userID string, maxAge time.Duration) (cachedRole, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.roles[userID]
	if !ok || time.Since(c.at) >= maxAge {
		return cachedRole{}, false
	}
	return c, true
}

// noteRole records the role just asked for userID.
func (r *room) noteRole(userID string, role docs.Role) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.roles == nil {
		r.roles = roleCache{}
	}
	r.roles[userID] = cachedRole{role: role, at: time.Now()}
}

// forgetRole drops userID's cached role (their access was revoked).
func (r *room) forgetRole(userID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.roles, userID)
}
