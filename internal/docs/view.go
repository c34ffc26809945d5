// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

type requestKey struct{}

// withRequest remembers r in ctx for the audit log's address and agent.
func withRequest(ctx context.Context, r *http.Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

func requestFrom(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	return r
}

const docColumns = `d.id, d.title, d.parent_id, d.position, d.owner_id, d.created_at, d.updated_at, d.link_reach, d.link_role, d.deleted_at,
	EXISTS (SELECT 1 FROM docs c WHERE c.parent_id = d.id AND c.deleted_at IS NULL)`

// row reads one document's record (without the caller's view of it).
func row(ctx context.Context, q access.Querier, id string) (Doc, error) {
	var d Doc
	var parent, deleted sql.NullString
	var created, updated string
	err := q.QueryRowContext(ctx, `SELECT `+docColumns+` FROM docs d WHERE d.id = $1`, id).
		Scan(&d.ID, &d.Title, &parent, &d.Position, &d.OwnerID, &created, &updated, &d.LinkReach, &d.LinkRole, &deleted, &d.HasChildren)
	if errors.Is(err, sql.ErrNoRows) {
		return Doc{}, fmt.Errorf("docs: %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return Doc{}, fmt.Errorf("docs: get %q: %w", id, err)
	}
	if parent.Valid {
		d.ParentID = &parent.String
	}
	if deleted.Valid {
		t, _ := db.ParseTime(deleted.String)
		d.DeletedAt = &t
	}
	d.CreatedAt, _ = db.ParseTime(created)
	d.UpdatedAt, _ = db.ParseTime(updated)
	return d, nil
}

// view completes d with what userID may do with it, given its facts.
func (s *Service) view(ctx context.Context, q access.Querier, d Doc, f access.Facts, userID string) (Doc, error) {
	sub := access.Subject{UserID: userID}
	d.Role = access.Effective(sub, f)
	d.Abilities = access.Abilities(sub, f)
	d.Abilities["delete"] = d.Abilities["trash"] || d.Abilities["purge"]
	if userID != "" {
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM doc_favorites WHERE user_id = $1 AND doc_id = $2`, userID, d.ID).Scan(&one)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return Doc{}, fmt.Errorf("docs: favourite: %w", err)
		}
		d.IsFavorite = err == nil
	}
	return d, nil
}

// load returns docID as userID sees it if they may do a to it.
func (s *Service) load(ctx context.Context, q access.Querier, docID, userID string, a access.Action) (Doc, error) {
	f, _, err := s.authorize(ctx, q, docID, userID, a)
	if err != nil {
		return Doc{}, err
	}
	d, err := row(ctx, q, docID)
	if err != nil {
		return Doc{}, err
	}
	return s.view(ctx, q, d, f, userID)
}

// Record returns docID's record whoever asks, in the trash or not, for
// the server's own processes (search indexing); errs.NotFound if it does
// not exist. Requests use Get, which checks the caller's access.
func (s *Service) Record(ctx context.Context, docID string) (Doc, error) {
	return row(ctx, s.db, docID)
}

// Get returns the document docID as userID (empty: anonymous) sees it, or
// errs.NotFound when they may not read it. A signed-in reader's visit is
// recorded for the recent list.
func (s *Service) Get(ctx context.Context, docID, userID string) (Doc, error) {
	if err := s.claimInvitations(ctx, userID); err != nil {
		s.log.Warn("docs: claim invitations", "user", userID, "err", err)
	}
	f, lineage, err := s.authorize(ctx, s.db, docID, userID, access.Read)
	if err != nil {
		return Doc{}, err
	}
	d, err := row(ctx, s.db, docID)
	if err != nil {
		return Doc{}, err
	}
	if d, err = s.view(ctx, s.db, d, f, userID); err != nil {
		return Doc{}, err
	}
	if d.Ancestors, err = s.ancestors(ctx, lineage, userID); err != nil {
		return Doc{}, err
	}
	if userID != "" {
		s.visit(ctx, docID, userID)
	}
	return d, nil
}

// ancestors returns the pages above the document of lineage (itself
// first, as Lineage gives it) that userID may read, the top one first. The
// walk up stops at the first page in the trash or that userID may not read:
// access only widens down the tree, so nothing above that one is theirs.
func (s *Service) ancestors(ctx context.Context, lineage []access.Node, userID string) ([]Ancestor, error) {
	up := []Ancestor{}
	for _, n := range lineage[min(1, len(lineage)):] {
		if n.Trashed {
			break
		}
		if _, _, err := s.authorize(ctx, s.db, n.ID, userID, access.Read); err != nil {
			if errors.Is(err, errs.NotFound) || errors.Is(err, errs.Forbidden) {
				break
			}
			return nil, err
		}
		var title string
		if err := s.db.QueryRowContext(ctx, `SELECT title FROM docs WHERE id = $1`, n.ID).Scan(&title); err != nil {
			return nil, fmt.Errorf("docs: ancestor %q: %w", n.ID, err)
		}
		up = append(up, Ancestor{ID: n.ID, Title: title})
	}
	slices.Reverse(up)
	return up, nil
}

// visit records that userID opened docID, for the recent list.
func (s *Service) visit(ctx context.Context, docID, userID string) {
	_, err := s.db.ExecContext(ctx, `INSERT INTO doc_visits (doc_id, user_id, visited_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id, doc_id) DO UPDATE SET visited_at = excluded.visited_at`, docID, userID, db.Time(s.now()))
	if err != nil {
		s.log.Warn("docs: record visit", "doc", docID, "err", err)
	}
}

// touch marks docID as changed now.
func (s *Service) touch(ctx context.Context, tx *sql.Tx, docID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE docs SET updated_at = $1 WHERE id = $2`, db.Time(s.now().UTC().Truncate(time.Microsecond)), docID)
	return err
}
