// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Invited is what the invitation hook hears: actor invited an email
// without an account to docID; URL creates the account.
type Invited struct {
	Actor     identity.User
	DocID     string
	Email     string
	Role      Role
	URL       string
	ExpiresAt time.Time
}

// AccessRequested is what the access request hook hears: actor asks for
// role on docID.
type AccessRequested struct {
	Actor identity.User
	DocID string
	Role  Role
}

// SetOnInvite sets the hook called after an email without an account is
// invited to a document; it reports whether the link was sent to them
// (the server mails it when SMTP is configured). It must not block.
func (s *Service) SetOnInvite(f func(ctx context.Context, in Invited) bool) { s.onInvite = f }

// SetOnAccessRequest sets the hook called after someone asks for access to
// a document (the server mails its administrators). It must not block.
func (s *Service) SetOnAccessRequest(f func(ctx context.Context, r AccessRequested)) {
	s.onAccessRequest = f
}

// Administrators returns the IDs of the users who may decide access
// requests on docID (administrators and owners, directly, by inheritance
// or through a team), as access.Decide says.
func (s *Service) Administrators(ctx context.Context, docID string) ([]string, error) {
	_, lineage, err := s.facts(ctx, s.db, docID, "")
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(lineage))
	for i, n := range lineage {
		ids[i] = n.ID
	}
	grants, err := s.grants.List(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var candidates []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			candidates = append(candidates, id)
		}
	}
	for _, g := range grants {
		if !g.Role.AtLeast(access.Administrator) {
			continue
		}
		if g.UserID != "" {
			add(g.UserID)
			continue
		}
		rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY user_id`, g.TeamID)
		if err != nil {
			return nil, fmt.Errorf("docs: administrators of %q: %w", docID, err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, fmt.Errorf("docs: administrators of %q: %w", docID, err)
			}
			add(id)
		}
		rows.Close()
	}
	var out []string
	for _, id := range candidates {
		if _, _, err := s.authorize(ctx, s.db, docID, id, access.DecideRequests); err == nil {
			out = append(out, id)
		}
	}
	return out, nil
}
