// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"fmt"
	"sort"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// The listings of List.
const (
	FilterAll       = "all"
	FilterMine      = "mine"
	FilterShared    = "shared"
	FilterFavorites = "favorites"
	FilterRecent    = "recent"
	FilterTrash     = "trash"
)

// maxList bounds a listing.
const maxList = 500

// lister computes many documents' facts for one user from one read of
// their grants.
type lister struct {
	s       *Service
	userID  string
	granted map[string]Role
}

func (s *Service) lister(ctx context.Context, userID string) (*lister, error) {
	g, err := s.grants.GrantedItems(ctx, s.db, userID)
	if err != nil {
		return nil, err
	}
	return &lister{s: s, userID: userID, granted: g}, nil
}

// facts returns docID's facts for the lister's user, and its lineage.
func (l *lister) facts(ctx context.Context, docID string) (access.Facts, []access.Node, error) {
	lineage, err := tree{}.Lineage(ctx, l.s.db, docID)
	if err != nil {
		return access.Facts{}, nil, err
	}
	return factsOf(lineage, l.granted), lineage, nil
}

// factsOf is access.Store.Resolve's answer from a lineage and the user's
// grants by item.
func factsOf(lineage []access.Node, granted map[string]Role) access.Facts {
	var f access.Facts
	for i, n := range lineage {
		f.Links = append(f.Links, n.Link)
		f.Granted = access.Max(f.Granted, granted[n.ID])
		if n.Trashed {
			f.Trashed, f.TrashRoot = true, f.TrashRoot || i == 0
		}
	}
	return f
}

// collect returns the documents among ids the user may do a to, in order,
// at most maxList; keep, if not nil, filters on the facts and lineage.
func (l *lister) collect(ctx context.Context, ids []string, a access.Action, keep func(access.Facts, []access.Node) bool) ([]Doc, error) {
	out := []Doc{}
	sub := access.Subject{UserID: l.userID}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] || len(out) >= maxList {
			continue
		}
		seen[id] = true
		f, lineage, err := l.facts(ctx, id)
		if err != nil {
			continue // deleted meanwhile
		}
		if !access.Decide(sub, f, a) || (keep != nil && !keep(f, lineage)) {
			continue
		}
		d, err := row(ctx, l.s.db, id)
		if err != nil {
			continue
		}
		if d, err = l.s.view(ctx, l.s.db, d, f, l.userID); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// List returns userID's documents by filter (see the Filter constants).
func (s *Service) List(ctx context.Context, userID, filter string) ([]Doc, error) {
	if err := s.claimInvitations(ctx, userID); err != nil {
		s.log.Warn("docs: claim invitations", "user", userID, "err", err)
	}
	l, err := s.lister(ctx, userID)
	if err != nil {
		return nil, err
	}
	switch filter {
	case "", FilterAll:
		ids, err := s.column(ctx, `SELECT doc_id FROM doc_visits WHERE user_id = $1 ORDER BY visited_at DESC`, userID)
		if err != nil {
			return nil, err
		}
		ids = append(sortedKeys(l.granted), ids...)
		docs, err := l.collect(ctx, ids, access.Read, func(f access.Facts, lineage []access.Node) bool {
			// Top level of what the user sees: not under a page they can read.
			return len(lineage) == 1 || !access.Decide(access.Subject{UserID: userID}, factsOf(lineage[1:], l.granted), access.Read)
		})
		sortByUpdated(docs)
		return docs, err
	case FilterMine:
		ids, err := s.column(ctx, `SELECT id FROM docs WHERE owner_id = $1 ORDER BY updated_at DESC`, userID)
		if err != nil {
			return nil, err
		}
		return l.collect(ctx, ids, access.Read, nil)
	case FilterShared:
		owned, err := s.column(ctx, `SELECT id FROM docs WHERE owner_id = $1`, userID)
		if err != nil {
			return nil, err
		}
		mine := make(map[string]bool, len(owned))
		for _, id := range owned {
			mine[id] = true
		}
		var shared []string
		for _, id := range sortedKeys(l.granted) {
			if !mine[id] {
				shared = append(shared, id)
			}
		}
		docs, err := l.collect(ctx, shared, access.Read, nil)
		sortByUpdated(docs)
		return docs, err
	case FilterFavorites:
		ids, err := s.column(ctx, `SELECT doc_id FROM doc_favorites WHERE user_id = $1 ORDER BY created_at DESC`, userID)
		if err != nil {
			return nil, err
		}
		return l.collect(ctx, ids, access.Read, nil)
	case FilterRecent:
		ids, err := s.column(ctx, `SELECT doc_id FROM doc_visits WHERE user_id = $1 ORDER BY visited_at DESC LIMIT 100`, userID)
		if err != nil {
			return nil, err
		}
		return l.collect(ctx, ids, access.Read, nil)
	case FilterTrash:
		var owned []string
		for id, r := range l.granted {
			if r == access.Owner {
				owned = append(owned, id)
			}
		}
		var ids []string
		for _, id := range owned {
			sub, err := s.subtree(ctx, s.db, id)
			if err != nil {
				return nil, err
			}
			ids = append(ids, sub...)
		}
		docs, err := l.collect(ctx, ids, access.Restore, nil)
		sort.SliceStable(docs, func(i, j int) bool { return docs[i].DeletedAt.After(*docs[j].DeletedAt) })
		return docs, err
	}
	return nil, errs.Explain(errs.Invalid, "filter: one of all, mine, shared, favorites, recent, trash")
}

// Children returns the sub-pages of parentID in their order, as userID
// (empty: anonymous) sees them; errs.NotFound if they may not read it.
func (s *Service) Children(ctx context.Context, parentID, userID string) ([]Doc, error) {
	if _, _, err := s.authorize(ctx, s.db, parentID, userID, access.Read); err != nil {
		return nil, err
	}
	ids, err := s.column(ctx, `SELECT id FROM docs WHERE parent_id = $1 AND deleted_at IS NULL ORDER BY position, id`, parentID)
	if err != nil {
		return nil, err
	}
	l, err := s.lister(ctx, userID)
	if err != nil {
		return nil, err
	}
	return l.collect(ctx, ids, access.Read, nil)
}

// column runs a query that returns one string column.
func (s *Service) column(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("docs: list: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("docs: list: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func sortedKeys(m map[string]Role) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortByUpdated(docs []Doc) {
	sort.SliceStable(docs, func(i, j int) bool {
		if !docs[i].UpdatedAt.Equal(docs[j].UpdatedAt) {
			return docs[i].UpdatedAt.After(docs[j].UpdatedAt)
		}
		return docs[i].ID > docs[j].ID
	})
}
