// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Share links open a file or a folder (and everything below it) through a
// secret URL, to anyone (public reach) or to anyone signed in
// (authenticated reach), read-only (reader role) or, for a folder, with
// uploads into it (editor role: a file drop). A link may expire at a date, after a
// number of full downloads, and may ask for a password. Only the SHA-256
// of a link's token is stored: the token is shown once, when the link is
// made. Those who may share an item (ActShare) manage its links.

// Link is a share link of an item.
type Link struct {
	ID     string       `json:"id"`
	FileID string       `json:"file_id"`
	Role   access.Role  `json:"role"`
	Reach  access.Reach `json:"reach"`
	// ExpiresAt is when the link stops working; nil for never.
	ExpiresAt *time.Time `json:"expires_at"`
	// MaxDownloads is how many full downloads the link allows; nil for
	// no limit.
	MaxDownloads *int64 `json:"max_downloads"`
	// Downloads counts the full downloads made through the link.
	Downloads int64 `json:"downloads"`
	// HasPassword tells whether the link asks for a password.
	HasPassword bool      `json:"has_password"`
	CreatedBy   string    `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	// Token is the link's secret, only in the answer that creates it.
	Token string `json:"token,omitempty"`

	passwordHash string
}

// LinkOptions describe a new link.
type LinkOptions struct {
	// Reach is public or authenticated (default public).
	Reach access.Reach
	// Role is reader (the default) or, for a folder, editor: whoever has
	// the link may then also upload files into the folder.
	Role access.Role
	// ExpiresAt, if set, must be in the future.
	ExpiresAt *time.Time
	// MaxDownloads, if set, must be 1 or more.
	MaxDownloads *int64
	// Password, if not empty, is asked before anything is shown.
	Password string
}

// The reasons a link refuses a request, mapped to HTTP at the edge.
var (
	// ErrLinkGone means the link expired or used up its downloads (410).
	ErrLinkGone = errors.New("drive: share link expired")
	// ErrLinkPassword means the link asks for its password first (401).
	ErrLinkPassword = errors.New("drive: share link needs its password")
)

// maxLinkPassword bounds a link password, in characters.
const maxLinkPassword = 256

const linkColumns = `id, file_id, role, reach, COALESCE(expires_at, ''), max_downloads, downloads,
	COALESCE(password_hash, ''), COALESCE(created_by, ''), created_at`

func scanLink(r rowScanner) (Link, error) {
	var l Link
	var expires, created string
	var maxDl sql.NullInt64
	if err := r.Scan(&l.ID, &l.FileID, &l.Role, &l.Reach, &expires, &maxDl, &l.Downloads,
		&l.passwordHash, &l.CreatedBy, &created); err != nil {
		return l, err
	}
	if expires != "" {
		t, _ := db.ParseTime(expires)
		l.ExpiresAt = &t
	}
	if maxDl.Valid {
		v := maxDl.Int64
		l.MaxDownloads = &v
	}
	l.HasPassword = l.passwordHash != ""
	l.CreatedAt, _ = db.ParseTime(created)
	return l, nil
}

// CreateLink makes a share link for item id. The returned Link carries
// its token, which is not stored and cannot be read again.
func (s *Service) CreateLink(ctx context.Context, actor, id string, o LinkOptions) (Link, error) {
	n, err := s.live(ctx, s.db, actor, id, ActShare)
	if err != nil {
		return Link{}, err
	}
	if o.Reach == "" {
		o.Reach = access.Public
	}
	if o.Reach != access.Public && o.Reach != access.Authenticated {
		return Link{}, errs.Explain(errs.Invalid, "reach: one of public, authenticated")
	}
	if o.Role == "" {
		o.Role = access.Reader
	}
	if o.Role != access.Reader && o.Role != access.Editor {
		return Link{}, errs.Explain(errs.Invalid, "role: one of reader, editor")
	}
	if o.Role == access.Editor && !n.Dir {
		return Link{}, errs.Explain(errs.Invalid, "role: an editor link lets people upload into a folder; this item is a file")
	}
	now := s.now()
	if o.ExpiresAt != nil && !o.ExpiresAt.After(now) {
		return Link{}, errs.Explain(errs.Invalid, "expires_at must be in the future.")
	}
	if o.MaxDownloads != nil && *o.MaxDownloads < 1 {
		return Link{}, errs.Explain(errs.Invalid, "max_downloads must be 1 or more, or null for no limit.")
	}
	if utf8.RuneCountInString(o.Password) > maxLinkPassword || !utf8.ValidString(o.Password) {
		return Link{}, errs.Explain(errs.Invalid, "The password must be at most %d characters long.", maxLinkPassword)
	}
	l := Link{ID: ids.New(), FileID: n.ID, Role: o.Role, Reach: o.Reach, MaxDownloads: o.MaxDownloads,
		HasPassword: o.Password != "", CreatedBy: actor, CreatedAt: now}
	var expires any
	if o.ExpiresAt != nil {
		t := o.ExpiresAt.UTC().Truncate(time.Microsecond)
		l.ExpiresAt = &t
		expires = db.Time(t)
	}
	var pwHash any
	if o.Password != "" {
		h, err := hashLinkPassword(o.Password)
		if err != nil {
			return Link{}, fmt.Errorf("drive: hash link password: %w", err)
		}
		pwHash = h
	}
	raw := make([]byte, 32) // 256 bits
	if _, err := rand.Read(raw); err != nil {
		return Link{}, fmt.Errorf("drive: link token: %w", err)
	}
	l.Token = base64.RawURLEncoding.EncodeToString(raw)
	var maxDl any
	if o.MaxDownloads != nil {
		maxDl = *o.MaxDownloads
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO drive_links (id, file_id, token_hash, role, reach, expires_at,
		max_downloads, downloads, password_hash, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10)`,
		l.ID, l.FileID, tokenHash(l.Token), string(l.Role), string(l.Reach), expires, maxDl, pwHash, actor, db.Time(now)); err != nil {
		return Link{}, fmt.Errorf("drive: create link: %w", err)
	}
	return l, nil
}

// Links lists the share links of item id, newest first.
func (s *Service) Links(ctx context.Context, actor, id string) ([]Link, error) {
	n, err := s.live(ctx, s.db, actor, id, ActShare)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+linkColumns+` FROM drive_links WHERE file_id = $1 ORDER BY created_at DESC, id`, n.ID)
	if err != nil {
		return nil, fmt.Errorf("drive: links of %q: %w", id, err)
	}
	defer rows.Close()
	list := []Link{}
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return nil, fmt.Errorf("drive: links of %q: %w", id, err)
		}
		list = append(list, l)
	}
	return list, rows.Err()
}

// DeleteLink removes link linkID of item id: its URL stops working.
func (s *Service) DeleteLink(ctx context.Context, actor, id, linkID string) error {
	n, err := s.live(ctx, s.db, actor, id, ActShare)
	if err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM drive_links WHERE id = $1 AND file_id = $2`, linkID, n.ID)
	if err != nil {
		return fmt.Errorf("drive: delete link %q: %w", linkID, err)
	}
	if c, _ := res.RowsAffected(); c == 0 {
		return fmt.Errorf("drive: link %q: %w", linkID, errs.NotFound)
	}
	return nil
}

// tokenHash is what the database keeps of a token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// decideLink is the one decision of share links: may viewer ("" when
// anonymous), who has unlocked the password or not, use link l, whose
// item is trashed or not, at now? It answers nil, errs.NotFound,
// ErrLinkGone, errs.Unauthenticated or ErrLinkPassword.
func decideLink(l Link, trashed bool, viewer string, unlocked bool, now time.Time) error {
	switch {
	case trashed || (l.Role != access.Reader && l.Role != access.Editor):
		return fmt.Errorf("drive: link %q: %w", l.ID, errs.NotFound)
	case l.ExpiresAt != nil && !now.Before(*l.ExpiresAt):
		return ErrLinkGone
	case l.MaxDownloads != nil && l.Downloads >= *l.MaxDownloads:
		return ErrLinkGone
	case l.Reach == access.Authenticated && viewer == "":
		return fmt.Errorf("drive: link %q is for signed-in users: %w", l.ID, errs.Unauthenticated)
	case l.Reach != access.Authenticated && l.Reach != access.Public:
		return fmt.Errorf("drive: link %q: %w", l.ID, errs.NotFound)
	case l.HasPassword && !unlocked:
		return ErrLinkPassword
	}
	return nil
}
