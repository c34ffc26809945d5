// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package docs holds the minimal document record: a title, an owner and
// who may open the document with which role (reader < editor < owner).
// The collaboration engine (internal/collab) stores the content; the Docs
// product builds sharing, listings and the editor on this record.
//
// One function, Role, answers "what may this user do with this document",
// and every path (REST, websocket) calls it. To someone without access a
// document does not exist (errs.NotFound).
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

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Role is what a user may do with a document.
type Role string

// The roles, from least to most.
const (
	RoleReader Role = "reader"
	RoleEditor Role = "editor"
	RoleOwner  Role = "owner"
)

// rank orders the roles; an unknown role ranks below every real one.
func (r Role) rank() int {
	switch r {
	case RoleReader:
		return 1
	case RoleEditor:
		return 2
	case RoleOwner:
		return 3
	}
	return 0
}

// CanRead reports whether r may see the document and its content.
func (r Role) CanRead() bool { return r.rank() >= RoleReader.rank() }

// CanWrite reports whether r may change the document's content.
func (r Role) CanWrite() bool { return r.rank() >= RoleEditor.rank() }

// Doc is the record of a document.
type Doc struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	OwnerID   string    `json:"owner_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// Role is the caller's role, where the caller is known.
	Role Role `json:"role,omitempty"`
}

// Service is the document record domain.
type Service struct {
	db    *db.DB
	audit *audit.Log
	log   *slog.Logger
	now   func() time.Time
}

// New returns the document service over d.
func New(d *db.DB, a *audit.Log, log *slog.Logger) *Service {
	return &Service{db: d, audit: a, log: log, now: time.Now}
}

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

// Create makes a document owned by ownerID, who gets the owner role.
func (s *Service) Create(ctx context.Context, ownerID, title string) (Doc, error) {
	title, err := checkTitle(title)
	if err != nil {
		return Doc{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	d := Doc{ID: ids.New(), Title: title, OwnerID: ownerID, CreatedAt: now, UpdatedAt: now, Role: RoleOwner}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO docs (id, title, owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			d.ID, title, ownerID, db.Time(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO doc_accesses (doc_id, user_id, role) VALUES ($1, $2, $3)`, d.ID, ownerID, RoleOwner)
		return err
	})
	if err != nil {
		return Doc{}, fmt.Errorf("docs: create: %w", err)
	}
	return d, nil
}

// Role returns userID's role on docID, or errs.NotFound when the user has
// no access or the document does not exist.
func (s *Service) Role(ctx context.Context, docID, userID string) (Role, error) {
	var r Role
	err := s.db.QueryRowContext(ctx, `SELECT role FROM doc_accesses WHERE doc_id = $1 AND user_id = $2`, docID, userID).Scan(&r)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !r.CanRead()) {
		return "", fmt.Errorf("docs: %q: %w", docID, errs.NotFound)
	}
	if err != nil {
		return "", fmt.Errorf("docs: role on %q: %w", docID, err)
	}
	return r, nil
}

// Get returns the document docID as userID sees it, or errs.NotFound when
// userID has no access.
func (s *Service) Get(ctx context.Context, docID, userID string) (Doc, error) {
	role, err := s.Role(ctx, docID, userID)
	if err != nil {
		return Doc{}, err
	}
	var d Doc
	var created, updated string
	err = s.db.QueryRowContext(ctx, `SELECT id, title, owner_id, created_at, updated_at FROM docs WHERE id = $1`, docID).
		Scan(&d.ID, &d.Title, &d.OwnerID, &created, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return Doc{}, fmt.Errorf("docs: %q: %w", docID, errs.NotFound)
	}
	if err != nil {
		return Doc{}, fmt.Errorf("docs: get %q: %w", docID, err)
	}
	d.CreatedAt, _ = db.ParseTime(created)
	d.UpdatedAt, _ = db.ParseTime(updated)
	d.Role = role
	return d, nil
}

// Grant gives userID the role on docID, replacing any role they had. It
// does not check who asks: the Docs product's sharing calls it after its
// own checks, and tests call it directly.
func (s *Service) Grant(ctx context.Context, docID, userID string, role Role) error {
	if role.rank() == 0 {
		return errs.Explain(errs.Invalid, "role: reader, editor or owner")
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM doc_accesses WHERE doc_id = $1 AND user_id = $2`, docID, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO doc_accesses (doc_id, user_id, role) VALUES ($1, $2, $3)`, docID, userID, role)
		return err
	})
	if err != nil {
		return fmt.Errorf("docs: grant on %q: %w", docID, err)
	}
	return nil
}
