// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Session kinds: see the package documentation.
const (
	KindSSO = "sso"
	KindApp = "app"
)

// Session is a signed-in browser.
type Session struct {
	ID         string    `json:"id"`
	Kind       string    `json:"-"`
	ParentID   string    `json:"-"`
	UserID     string    `json:"-"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Current    bool      `json:"current"`
}

// sessionSecretPrefix marks session cookie values.
const sessionSecretPrefix = "ens_s_"

// createSession starts a session for userID and returns it with the secret
// that goes in the cookie. Every login makes a new one: a session ID known
// before login is never reused (no session fixation).
func (s *Service) createSession(ctx context.Context, kind, parentID, userID, ip, userAgent string) (Session, string, error) {
	now := s.opts.Now()
	sess := Session{ID: ids.New(), Kind: kind, ParentID: parentID, UserID: userID, CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.opts.SessionIdle), IP: ip, UserAgent: truncate(userAgent, 256)}
	secret := ids.Secret(sessionSecretPrefix)
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, secret_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent, kind, parent_id)
		VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)`, sess.ID, ids.Hash(secret), userID, db.Time(now), db.Time(sess.ExpiresAt), ip, sess.UserAgent, kind, parentID)
	if err != nil {
		return Session{}, "", fmt.Errorf("identity: create session: %w", err)
	}
	return sess, secret, nil
}

// sessionUser returns the session of this kind and its active user behind a
// cookie secret, and slides the session's expiry (at most once a minute, to
// spare writes).
func (s *Service) sessionUser(ctx context.Context, secret, kind string) (Session, User, error) {
	row := s.db.QueryRowContext(ctx, `SELECT s.id, s.parent_id, s.created_at, s.last_seen_at, s.expires_at, `+prefixed("u.", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.secret_hash = $1 AND s.kind = $2`, ids.Hash(secret), kind)
	var sess Session
	var created, seen, expires string
	var u User
	var hash, uc, uu string
	err := row.Scan(&sess.ID, &sess.ParentID, &created, &seen, &expires, &u.ID, &u.Email, &u.Name, &u.Locale, &hash, &u.EmailVerified, &u.Admin, &u.Disabled, &uc, &uu, &u.EmailNotifications)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, User{}, fmt.Errorf("identity: session: %w", errs.Unauthenticated)
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("identity: session: %w", err)
	}
	u.HasPassword = hash != ""
	u.CreatedAt, _ = db.ParseTime(uc)
	u.UpdatedAt, _ = db.ParseTime(uu)
	sess.UserID, sess.Kind = u.ID, kind
	sess.CreatedAt, _ = db.ParseTime(created)
	sess.LastSeenAt, _ = db.ParseTime(seen)
	sess.ExpiresAt, _ = db.ParseTime(expires)
	now := s.opts.Now()
	if now.After(sess.ExpiresAt) || now.After(sess.CreatedAt.Add(s.opts.SessionMax)) || u.Disabled {
		s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, sess.ID)
		return Session{}, User{}, fmt.Errorf("identity: session ended: %w", errs.Unauthenticated)
	}
	if now.Sub(sess.LastSeenAt) > time.Minute {
		sess.LastSeenAt, sess.ExpiresAt = now, now.Add(s.opts.SessionIdle)
		s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE id = $3`, db.Time(now), db.Time(sess.ExpiresAt), sess.ID)
	}
	return sess, u, nil
}

// ListSessions returns the user's signed-in browsers (their app sessions),
// newest first.
func (s *Service) ListSessions(ctx context.Context, userID string) ([]Session, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, created_at, last_seen_at, expires_at, ip, user_agent FROM sessions
		WHERE user_id = $1 AND kind = 'app' AND expires_at > $2 ORDER BY created_at DESC`, userID, db.Time(s.opts.Now()))
	if err != nil {
		return nil, fmt.Errorf("identity: list sessions: %w", err)
	}
	defer rows.Close()
	out := []Session{}
	for rows.Next() {
		var ss Session
		var c, l, e string
		if err := rows.Scan(&ss.ID, &c, &l, &e, &ss.IP, &ss.UserAgent); err != nil {
			return nil, fmt.Errorf("identity: list sessions: %w", err)
		}
		ss.UserID, ss.Kind = userID, KindApp
		ss.CreatedAt, _ = db.ParseTime(c)
		ss.LastSeenAt, _ = db.ParseTime(l)
		ss.ExpiresAt, _ = db.ParseTime(e)
		out = append(out, ss)
	}
	return out, rows.Err()
}

// RevokeSession signs one of the user's browsers out: its app session and
// the SSO session it came from.
func (s *Service) RevokeSession(ctx context.Context, userID, sessionID string) error {
	return s.endSession(ctx, userID, sessionID)
}

// endSession deletes a session with its parent and its children, so that
// neither the app nor the single sign-on stays open in that browser.
func (s *Service) endSession(ctx context.Context, userID, sessionID string) error {
	var parent string
	err := s.db.QueryRowContext(ctx, `SELECT parent_id FROM sessions WHERE id = $1 AND user_id = $2`, sessionID, userID).Scan(&parent)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("identity: session %q: %w", sessionID, errs.NotFound)
	}
	if err != nil {
		return fmt.Errorf("identity: end session: %w", err)
	}
	_, err = s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND (id = $2 OR parent_id = $2 OR (id = $3 AND $3 <> '') OR (parent_id = $3 AND $3 <> ''))`,
		userID, sessionID, parent)
	if err != nil {
		return fmt.Errorf("identity: end session: %w", err)
	}
	return nil
}

// revokeOtherSessions ends every session of the user but keep and its
// parent (after a password change).
func (s *Service) revokeOtherSessions(ctx context.Context, userID, keep string) error {
	var parent string
	s.db.QueryRowContext(ctx, `SELECT parent_id FROM sessions WHERE id = $1`, keep).Scan(&parent)
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2 AND id <> $3`, userID, keep, parent)
	return err
}

func prefixed(p, cols string) string {
	out := ""
	for i, c := range splitCols(cols) {
		if i > 0 {
			out += ", "
		}
		out += p + c
	}
	return out
}

func splitCols(cols string) []string {
	var out []string
	cur := ""
	for _, r := range cols {
		switch r {
		case ',':
			out = append(out, cur)
			cur = ""
		case ' ', '\t', '\n':
		default:
			cur += string(r)
		}
	}
	return append(out, cur)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
