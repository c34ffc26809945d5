// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package docs is the Docs product's document domain: documents in a tree
// of sub-pages with an order, their link settings, sharing with users and
// teams (through internal/access, the permission model Drive shares),
// invitations of people without an account, access requests, favourites,
// visits and a trash. The collaboration engine (internal/collab) stores
// the content.
//
// Every path asks access.Decide with the facts of the document and its
// ancestors (Service.facts). To someone who may not read a document it does
// not exist (errs.NotFound).
package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/teams"
)

// Role is what a user may do with a document: access.Role, with CanRead
// and CanWrite for the collaboration engine.
type Role = access.Role

// The roles, from least to most.
const (
	RoleReader        = access.Reader
	RoleCommenter     = access.Commenter
	RoleEditor        = access.Editor
	RoleAdministrator = access.Administrator
	RoleOwner         = access.Owner
)

// Kind is the resource kind of documents in access_grants.
const Kind = "doc"

// Doc is a document as a caller sees it.
type Doc struct {
	ID          string          `json:"id"`
	Title       string          `json:"title"`
	ParentID    *string         `json:"parent_id"`
	Position    int64           `json:"position"`
	OwnerID     string          `json:"owner_id"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Role        Role            `json:"role,omitempty"`
	LinkReach   access.Reach    `json:"link_reach"`
	LinkRole    Role            `json:"link_role"`
	IsFavorite  bool            `json:"is_favorite"`
	HasChildren bool            `json:"has_children"`
	DeletedAt   *time.Time      `json:"deleted_at"`
	Abilities   map[string]bool `json:"abilities"`
	// Ancestors are the pages above the document that the caller may
	// read, from the top down to its parent, for a breadcrumb. Only Get
	// fills them (an empty list at the top); other answers leave them out.
	// The walk up stops at a page in the trash or one the caller may not
	// read.
	Ancestors []Ancestor `json:"ancestors,omitzero"`
}

// Ancestor is a page above a document: enough to name and link it.
type Ancestor struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Inviter makes guest invitations for emails without an account
// (*teams.Service is one).
type Inviter interface {
	Invite(ctx context.Context, actor identity.User, email, teamID string, role teams.Role) (teams.InviteResult, error)
}

// Users finds accounts by email (*identity.Service is one).
type Users interface {
	UserByEmail(ctx context.Context, email string) (identity.User, error)
}

// Options are the service's optional parts.
type Options struct {
	// Users and Inviter let sharing find accounts by email and invite
	// people without one; without them sharing by email is refused.
	Users   Users
	Inviter Inviter
	// TrashDays is how long a document stays in the trash before
	// PurgeExpired deletes it (default 30).
	TrashDays int
	// OnAccessChange is called after every change that may reduce or
	// change someone's access to docID.
	OnAccessChange func(ctx context.Context, docID string)
	// OnChange is called after a document's title or content changed
	// outside the collaboration engine (rename, create, duplicate), for
	// search indexing. It must not block.
	OnChange func(docID string)
}

// Service is the document domain.
type Service struct {
	db     *db.DB
	audit  *audit.Log
	log    *slog.Logger
	grants *access.Store
	opts   Options
	now    func() time.Time

	onInvite        func(ctx context.Context, in Invited) bool
	onAccessRequest func(ctx context.Context, r AccessRequested)
}

// New returns the document service over d.
func New(d *db.DB, a *audit.Log, log *slog.Logger, opts ...Options) *Service {
	s := &Service{db: d, audit: a, log: log, grants: access.NewStore(Kind), now: time.Now}
	if len(opts) > 0 {
		s.opts = opts[0]
	}
	if s.opts.TrashDays <= 0 {
		s.opts.TrashDays = 30
	}
	return s
}

// SetOnAccessChange sets the hook called after every change that may
// reduce or change someone's access to a document (the server wires it to
// the collaboration engine, which closes connections that lost access).
func (s *Service) SetOnAccessChange(f func(ctx context.Context, docID string)) {
	s.opts.OnAccessChange = f
}

// SetOnChange sets the hook called after a document's title or content
// changed outside the collaboration engine (the server wires it to search).
func (s *Service) SetOnChange(f func(docID string)) { s.opts.OnChange = f }

// changed calls the change hook for docID and, if deep, its sub-pages.
func (s *Service) changed(ctx context.Context, docID string, deep bool) {
	if s.opts.OnChange == nil {
		return
	}
	ids := []string{docID}
	if deep {
		var err error
		if ids, err = s.subtree(ctx, s.db, docID); err != nil {
			s.log.Warn("docs: sub-pages for the change hook", "doc", docID, "err", err)
			ids = []string{docID}
		}
	}
	for _, id := range ids {
		s.opts.OnChange(id)
	}
}

// TrashDays is how long documents stay in the trash.
func (s *Service) TrashDays() int { return s.opts.TrashDays }

// maxTitle bounds a title, in characters.
const maxTitle = 500

// checkTitle trims a title and refuses one that is too long or not text.
func checkTitle(title string) (string, error) {
	title = strings.TrimSpace(title)
	if !utf8.ValidString(title) || utf8.RuneCountInString(title) > maxTitle || strings.ContainsRune(title, 0) {
		return "", errs.Explain(errs.Invalid, "title: at most %d characters of text", maxTitle)
	}
	return title, nil
}

// tree is the documents' access.Tree.
type tree struct{}

// Tree returns the documents' tree for the access store.
func Tree() access.Tree { return tree{} }

// maxDepth bounds lineages, so that a corrupted tree cannot loop.
const maxDepth = 1000

// Lineage returns the document and its ancestors, the document first.
func (tree) Lineage(ctx context.Context, q access.Querier, id string) ([]access.Node, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE up(id, parent_id, link_reach, link_role, trashed, depth) AS (
			SELECT id, parent_id, link_reach, link_role, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, 0 FROM docs WHERE id = $1
			UNION ALL
			SELECT d.id, d.parent_id, d.link_reach, d.link_role, CASE WHEN d.deleted_at IS NULL THEN 0 ELSE 1 END, up.depth + 1
			FROM docs d JOIN up ON d.id = up.parent_id WHERE up.depth < $2)
		SELECT id, link_reach, link_role, trashed FROM up ORDER BY depth`, id, maxDepth)
	if err != nil {
		return nil, fmt.Errorf("docs: lineage of %q: %w", id, err)
	}
	defer rows.Close()
	var out []access.Node
	for rows.Next() {
		var n access.Node
		var trashed int
		if err := rows.Scan(&n.ID, &n.Link.Reach, &n.Link.Role, &trashed); err != nil {
			return nil, fmt.Errorf("docs: lineage of %q: %w", id, err)
		}
		n.Trashed = trashed != 0
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("docs: lineage of %q: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("docs: %q: %w", id, errs.NotFound)
	}
	return out, nil
}

// Lock locks the root of id's tree for the rest of tx.
func (t tree) Lock(ctx context.Context, tx *sql.Tx, id string) error {
	lineage, err := t.Lineage(ctx, tx, id)
	if err != nil {
		return err
	}
	root := lineage[len(lineage)-1].ID
	if _, err := tx.ExecContext(ctx, `UPDATE docs SET updated_at = updated_at WHERE id = $1`, root); err != nil {
		return fmt.Errorf("docs: lock %q: %w", root, err)
	}
	return nil
}

// facts gathers what access.Decide needs about docID for userID.
func (s *Service) facts(ctx context.Context, q access.Querier, docID, userID string) (access.Facts, []access.Node, error) {
	return s.grants.Resolve(ctx, q, tree{}, docID, userID)
}

// authorize returns the facts of docID for userID if they may do a, and
// otherwise errs.NotFound (cannot read it) or errs.Forbidden.
func (s *Service) authorize(ctx context.Context, q access.Querier, docID, userID string, a access.Action) (access.Facts, []access.Node, error) {
	f, lineage, err := s.facts(ctx, q, docID, userID)
	if err != nil {
		return access.Facts{}, nil, err
	}
	sub := access.Subject{UserID: userID}
	if !access.Decide(sub, f, a) {
		return access.Facts{}, nil, access.Errorf(sub, f, a, "document "+docID)
	}
	return f, lineage, nil
}

// Role returns userID's role on docID (userID empty: anonymous, who gets
// what a public link gives), or errs.NotFound when they may not read it
// or it does not exist. The collaboration engine asks it.
func (s *Service) Role(ctx context.Context, docID, userID string) (Role, error) {
	f, _, err := s.authorize(ctx, s.db, docID, userID, access.Read)
	if errors.Is(err, errs.Forbidden) {
		err = fmt.Errorf("docs: %q: %w", docID, errs.NotFound)
	}
	if err != nil {
		return "", err
	}
	return access.Effective(access.Subject{UserID: userID}, f), nil
}

// CanRead reports whether userID (empty: anonymous) may read docID; a
// document that does not exist is false, not an error. Search asks it.
func (s *Service) CanRead(ctx context.Context, docID, userID string) (bool, error) {
	_, err := s.Role(ctx, docID, userID)
	if errors.Is(err, errs.NotFound) {
		return false, nil
	}
	return err == nil, err
}

// Subtree returns docID and its sub-pages that are not in the trash,
// parents before children, if userID may read docID (errs.NotFound
// otherwise): they read every one of them by inheritance. Search within
// sub-pages asks it.
func (s *Service) Subtree(ctx context.Context, docID, userID string) ([]string, error) {
	if _, _, err := s.authorize(ctx, s.db, docID, userID, access.Read); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `WITH RECURSIVE down(id, depth) AS (
			SELECT id, 0 FROM docs WHERE id = $1
			UNION ALL
			SELECT d.id, down.depth + 1 FROM docs d JOIN down ON d.parent_id = down.id WHERE d.deleted_at IS NULL AND down.depth < $2)
		SELECT id FROM down ORDER BY depth, id`, docID, maxDepth)
	if err != nil {
		return nil, fmt.Errorf("docs: sub-pages of %q: %w", docID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("docs: sub-pages of %q: %w", docID, err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// accessChanged calls the OnAccessChange hook for docID and all its
// sub-pages (they inherit its grants and links).
func (s *Service) accessChanged(ctx context.Context, docID string) {
	if s.opts.OnAccessChange == nil {
		return
	}
	ids, err := s.subtree(ctx, s.db, docID)
	if err != nil {
		s.log.Warn("docs: sub-pages for the access hook", "doc", docID, "err", err)
		ids = []string{docID}
	}
	for _, id := range ids {
		s.opts.OnAccessChange(ctx, id)
	}
}

// subtree returns docID and all its sub-pages, parents before children.
func (s *Service) subtree(ctx context.Context, q access.Querier, docID string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `WITH RECURSIVE down(id, depth) AS (
			SELECT id, 0 FROM docs WHERE id = $1
			UNION ALL
			SELECT d.id, down.depth + 1 FROM docs d JOIN down ON d.parent_id = down.id WHERE down.depth < $2)
		SELECT id FROM down ORDER BY depth`, docID, maxDepth)
	if err != nil {
		return nil, fmt.Errorf("docs: sub-pages of %q: %w", docID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// record writes an audit event about a document.
func (s *Service) record(ctx context.Context, actor identity.User, action, docID string, details map[string]any) {
	s.audit.Record(ctx, requestFrom(ctx), auditEvent(action, actor.ID, actor.Email, docID, details))
}

func auditEvent(action, actorID, actorEmail, docID string, details map[string]any) audit.Event {
	return audit.Event{Action: action, Outcome: audit.Success, ActorID: actorID, ActorEmail: actorEmail,
		TargetType: "doc", TargetID: docID, Details: details}
}
