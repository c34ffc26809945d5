// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package access

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Querier reads rows: *db.DB and *sql.Tx both are one, so that a domain
// can decide inside its transaction or outside one.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Node is one item of a lineage, as its domain stores it.
type Node struct {
	ID   string
	Link Link
	// Trashed says this item itself was put in the trash.
	Trashed bool
}

// Tree is what a domain supplies so that grants and links are inherited:
// its items' lineages, and a lock that makes changes to one tree take turns.
type Tree interface {
	// Lineage returns the item id and its ancestors, the item first and
	// the root last; errs.NotFound if the item does not exist.
	Lineage(ctx context.Context, q Querier, id string) ([]Node, error)
	// Lock locks, for the rest of tx, what changes to the grants of id
	// must take turns on (the root of its tree, say), so that the
	// last-owner rule holds on PostgreSQL as on SQLite.
	Lock(ctx context.Context, tx *sql.Tx, id string) error
}

// Grant is a role on an item given to a user or to a team.
type Grant struct {
	ID         string    `json:"id"`
	ResourceID string    `json:"resource_id"`
	UserID     string    `json:"user_id,omitempty"`
	UserName   string    `json:"user_name,omitempty"`
	UserEmail  string    `json:"user_email,omitempty"`
	TeamID     string    `json:"team_id,omitempty"`
	TeamName   string    `json:"team_name,omitempty"`
	Role       Role      `json:"role"`
	GrantedBy  string    `json:"granted_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// Principal is who a grant is for: exactly one of UserID and TeamID.
type Principal struct {
	UserID string
	TeamID string
}

// Store keeps the grants on the items of one kind ("doc", "file", …) in the
// access_grants table.
type Store struct {
	kind string
	now  func() time.Time
}

// NewStore returns the grants store for items of kind.
func NewStore(kind string) *Store { return &Store{kind: kind, now: time.Now} }

// Kind is the kind of item the store keeps grants for.
func (s *Store) Kind() string { return s.kind }

// Resolve gathers the facts Decide needs about item id for userID (empty:
// anonymous), with the item's lineage (the item first).
func (s *Store) Resolve(ctx context.Context, q Querier, t Tree, id, userID string) (Facts, []Node, error) {
	lineage, err := t.Lineage(ctx, q, id)
	if err != nil {
		return Facts{}, nil, err
	}
	f := Facts{}
	ids := make([]string, len(lineage))
	for i, n := range lineage {
		ids[i] = n.ID
		f.Links = append(f.Links, n.Link)
		if n.Trashed {
			f.Trashed = true
			f.TrashRoot = f.TrashRoot || i == 0
		}
	}
	if userID != "" {
		if f.Granted, err = s.Granted(ctx, q, ids, userID); err != nil {
			return Facts{}, nil, err
		}
	}
	return f, lineage, nil
}

// placeholders returns "$from, $from+1, …" for n values.
func placeholders(from, n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = fmt.Sprintf("$%d", from+i)
	}
	return strings.Join(p, ", ")
}

// Granted returns the highest role userID holds, directly or through a
// team, on any of the items resourceIDs (a lineage).
func (s *Store) Granted(ctx context.Context, q Querier, resourceIDs []string, userID string) (Role, error) {
	if len(resourceIDs) == 0 || userID == "" {
		return None, nil
	}
	args := []any{s.kind, userID}
	for _, id := range resourceIDs {
		args = append(args, id)
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT role FROM access_grants WHERE resource_kind = $1
		AND (user_id = $2 OR team_id IN (SELECT team_id FROM team_members WHERE user_id = $2))
		AND resource_id IN (`+placeholders(3, len(resourceIDs))+`)`, args...)
	if err != nil {
		return None, fmt.Errorf("access: granted roles: %w", err)
	}
	defer rows.Close()
	best := None
	for rows.Next() {
		var r Role
		if err := rows.Scan(&r); err != nil {
			return None, fmt.Errorf("access: granted roles: %w", err)
		}
		best = Max(best, r)
	}
	return best, rows.Err()
}

// GrantedItems returns the items of the store's kind granted to userID
// directly or through a team, with the highest role on each.
func (s *Store) GrantedItems(ctx context.Context, q Querier, userID string) (map[string]Role, error) {
	rows, err := q.QueryContext(ctx, `SELECT resource_id, role FROM access_grants WHERE resource_kind = $1
		AND (user_id = $2 OR team_id IN (SELECT team_id FROM team_members WHERE user_id = $2))`, s.kind, userID)
	if err != nil {
		return nil, fmt.Errorf("access: granted items: %w", err)
	}
	defer rows.Close()
	out := map[string]Role{}
	for rows.Next() {
		var id string
		var r Role
		if err := rows.Scan(&id, &r); err != nil {
			return nil, fmt.Errorf("access: granted items: %w", err)
		}
		out[id] = Max(out[id], r)
	}
	return out, rows.Err()
}

const grantColumns = `g.id, g.resource_id, COALESCE(g.user_id, ''), COALESCE(u.name, ''), COALESCE(u.email, ''),
	COALESCE(g.team_id, ''), COALESCE(t.name, ''), g.role, g.granted_by, g.created_at`

const grantFrom = ` FROM access_grants g LEFT JOIN users u ON u.id = g.user_id LEFT JOIN teams t ON t.id = g.team_id`

func scanGrant(r interface{ Scan(...any) error }) (Grant, error) {
	var g Grant
	var created string
	if err := r.Scan(&g.ID, &g.ResourceID, &g.UserID, &g.UserName, &g.UserEmail, &g.TeamID, &g.TeamName, &g.Role, &g.GrantedBy, &created); err != nil {
		return Grant{}, err
	}
	g.CreatedAt, _ = db.ParseTime(created)
	return g, nil
}

// List returns the grants on the items resourceIDs (a lineage: the
// grants of ancestors are the inherited ones), in the order of the IDs,
// then oldest first.
func (s *Store) List(ctx context.Context, q Querier, resourceIDs []string) ([]Grant, error) {
	out := []Grant{}
	for _, id := range resourceIDs {
		rows, err := q.QueryContext(ctx, `SELECT `+grantColumns+grantFrom+` WHERE g.resource_kind = $1 AND g.resource_id = $2
			ORDER BY g.created_at, g.id`, s.kind, id)
		if err != nil {
			return nil, fmt.Errorf("access: list grants: %w", err)
		}
		for rows.Next() {
			g, err := scanGrant(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("access: list grants: %w", err)
			}
			out = append(out, g)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("access: list grants: %w", err)
		}
	}
	return out, nil
}

// Get returns the grant grantID on item resourceID, or errs.NotFound.
func (s *Store) Get(ctx context.Context, q Querier, resourceID, grantID string) (Grant, error) {
	g, err := scanGrant(q.QueryRowContext(ctx, `SELECT `+grantColumns+grantFrom+` WHERE g.resource_kind = $1 AND g.resource_id = $2 AND g.id = $3`,
		s.kind, resourceID, grantID))
	if errors.Is(err, sql.ErrNoRows) {
		return Grant{}, fmt.Errorf("access: grant %q: %w", grantID, errs.NotFound)
	}
	if err != nil {
		return Grant{}, fmt.Errorf("access: grant %q: %w", grantID, err)
	}
	return g, nil
}

// Find returns p's grant on item resourceID, or errs.NotFound.
func (s *Store) Find(ctx context.Context, q Querier, resourceID string, p Principal) (Grant, error) {
	col, val := "user_id", p.UserID
	if p.TeamID != "" {
		col, val = "team_id", p.TeamID
	}
	g, err := scanGrant(q.QueryRowContext(ctx, `SELECT `+grantColumns+grantFrom+` WHERE g.resource_kind = $1 AND g.resource_id = $2 AND g.`+col+` = $3`,
		s.kind, resourceID, val))
	if errors.Is(err, sql.ErrNoRows) {
		return Grant{}, fmt.Errorf("access: no grant for %s %q: %w", col, val, errs.NotFound)
	}
	if err != nil {
		return Grant{}, fmt.Errorf("access: find grant: %w", err)
	}
	return g, nil
}
