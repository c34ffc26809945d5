// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Sharing gives users and teams a role on an item and everything below it
// (package access: reader < commenter < editor < administrator; the owner
// of a tree owns every item in it, so the owner role is not granted here).

// Accesses lists the grants on item id and the folders above it (the
// inherited ones), for those who may share it.
func (s *Service) Accesses(ctx context.Context, actor, id string) ([]access.Grant, error) {
	n, err := s.live(ctx, s.db, actor, id, ActShare)
	if err != nil {
		return nil, err
	}
	lin, err := lineage(ctx, s.db, n.ID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(lin))
	for i, l := range lin {
		ids[i] = l.ID
	}
	list, err := s.grants.List(ctx, s.db, ids)
	if list == nil && err == nil {
		list = []access.Grant{}
	}
	return list, err
}

// Share gives p role on item id (or changes p's role there). It reports
// whether the grant is new.
func (s *Service) Share(ctx context.Context, actor, id string, p access.Principal, role access.Role) (access.Grant, bool, error) {
	if role == access.Owner {
		return access.Grant{}, false, errs.Explain(errs.Invalid, "A Drive item belongs to the owner of its tree: grant administrator at most.")
	}
	var g access.Grant
	var created bool
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		n, err := s.live(ctx, tx, actor, id, ActShare)
		if err != nil {
			return err
		}
		if n.ScanState == ScanBlocked {
			return s.downloadable(n)
		}
		if p.UserID != "" && p.UserID == n.OwnerID {
			return errs.Explain(errs.Invalid, "The owner already has every right on this item.")
		}
		f, err := s.facts(ctx, tx, actor, n)
		if err != nil {
			return err
		}
		old := access.None
		if cur, err := s.grants.Find(ctx, tx, id, p); err == nil {
			old = cur.Role
		} else if !errors.Is(err, errs.NotFound) {
			return err
		}
		if !access.MayGrant(access.Subject{UserID: actor}, f, old, role) {
			return fmt.Errorf("drive: grant %s: %w", role, errs.Forbidden)
		}
		g, created, err = s.grants.Put(ctx, tx, s.tree, id, p, role, actor)
		return err
	})
	return g, created, err
}

// Unshare removes grant grantID from item id.
func (s *Service) Unshare(ctx context.Context, actor, id, grantID string) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		n, err := s.live(ctx, tx, actor, id, ActShare)
		if err != nil {
			return err
		}
		g, err := s.grants.Get(ctx, tx, id, grantID)
		if err != nil {
			return err
		}
		f, err := s.facts(ctx, tx, actor, n)
		if err != nil {
			return err
		}
		if !access.MayGrant(access.Subject{UserID: actor}, f, g.Role, access.None) {
			return fmt.Errorf("drive: remove grant: %w", errs.Forbidden)
		}
		_, err = s.grants.Remove(ctx, tx, s.tree, id, grantID)
		return err
	})
}

// SharedItem is an item shared with a user, with the role they have.
type SharedItem struct {
	Node
	Role access.Role `json:"role"`
}

// SharedWithMe lists the live items of other users' trees granted to
// actor (or their teams), the topmost of each shared subtree only, by
// name.
func (s *Service) SharedWithMe(ctx context.Context, actor string) ([]SharedItem, error) {
	granted, err := s.grants.GrantedItems(ctx, s.db, actor)
	if err != nil {
		return nil, err
	}
	out := []SharedItem{}
	for id := range granted {
		n, err := s.node(ctx, s.db, id)
		if errors.Is(err, errs.NotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n.OwnerID == actor {
			continue
		}
		f, err := s.facts(ctx, s.db, actor, n)
		if err != nil {
			return nil, err
		}
		if f.Trashed || !access.Decide(access.Subject{UserID: actor}, f, access.Read) {
			continue
		}
		lin, err := lineage(ctx, s.db, id)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(lin[1:], func(a access.Node) bool { _, ok := granted[a.ID]; return ok }) {
			continue // reached through a shared folder above it
		}
		out = append(out, SharedItem{Node: n, Role: access.Effective(access.Subject{UserID: actor}, f)})
	}
	slices.SortFunc(out, func(a, b SharedItem) int {
		return strings.Compare(NameKey(a.Name)+"\x00"+a.ID, NameKey(b.Name)+"\x00"+b.ID)
	})
	return out, nil
}

// UserIDByEmail returns the ID of the account with that email, for
// sharing by email.
func (s *Service) UserIDByEmail(ctx context.Context, email string) (string, error) {
	var id string
	err := s.db.QueryRowContext(ctx, `SELECT id FROM users WHERE email_key = $1`, strings.ToLower(strings.TrimSpace(email))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.Explain(errs.NotFound, "No account has this email.")
	}
	if err != nil {
		return "", fmt.Errorf("drive: user by email: %w", err)
	}
	return id, nil
}
