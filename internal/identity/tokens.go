// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// TokenPrefix starts every personal access token, so that secret scanners
// and people recognise one.
const TokenPrefix = "ens_pat_"

// Token is a personal access token, as listed (never with its secret).
type Token struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
}

// CreateToken makes a personal access token for userID and returns it with
// its secret, which is shown once and stored only hashed. ttl 0 means it
// never expires.
func (s *Service) CreateToken(ctx context.Context, userID, name string, ttl time.Duration) (Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return Token{}, "", fmt.Errorf("identity: token name: %w", errs.Explain(errs.Invalid, "Give the token a name of 1 to 100 characters."))
	}
	if ttl < 0 {
		return Token{}, "", fmt.Errorf("identity: negative token lifetime: %w", errs.Invalid)
	}
	if _, err := s.UserByID(ctx, userID); err != nil {
		return Token{}, "", err
	}
	now := s.opts.Now().UTC().Truncate(time.Microsecond)
	secret := ids.Secret(TokenPrefix)
	t := Token{ID: ids.New(), Name: name, Prefix: secret[:len(TokenPrefix)+6], CreatedAt: now}
	expires := ""
	if ttl > 0 {
		e := now.Add(ttl)
		t.ExpiresAt = &e
		expires = db.Time(e)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO access_tokens (id, secret_hash, user_id, name, prefix, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, t.ID, ids.Hash(secret), userID, name, t.Prefix, db.Time(now), expires)
	if err != nil {
		return Token{}, "", fmt.Errorf("identity: create token: %w", err)
	}
	return t, secret, nil
}

// tokenUser returns the active user behind a token secret.
func (s *Service) tokenUser(ctx context.Context, secret string) (User, error) {
	if !strings.HasPrefix(secret, TokenPrefix) {
		return User{}, fmt.Errorf("identity: not a personal access token: %w", errs.Unauthenticated)
	}
	var id, userID, expires, lastUsed string
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, expires_at, last_used_at FROM access_tokens WHERE secret_hash = $1`, ids.Hash(secret)).Scan(&id, &userID, &expires, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("identity: unknown token: %w", errs.Unauthenticated)
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: token: %w", err)
	}
	now := s.opts.Now()
	if e, _ := db.ParseTime(expires); !e.IsZero() && now.After(e) {
		return User{}, fmt.Errorf("identity: token expired: %w", errs.Unauthenticated)
	}
	u, err := s.UserByID(ctx, userID)
	if err != nil || u.Disabled {
		return User{}, fmt.Errorf("identity: token of an unusable account: %w", errs.Unauthenticated)
	}
	if l, _ := db.ParseTime(lastUsed); now.Sub(l) > time.Minute {
		s.db.ExecContext(ctx, `UPDATE access_tokens SET last_used_at = $1 WHERE id = $2`, db.Time(now), id)
	}
	return u, nil
}

// ListTokens returns the user's tokens, newest first.
func (s *Service) ListTokens(ctx context.Context, userID string) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, prefix, created_at, last_used_at, expires_at FROM access_tokens
		WHERE user_id = $1 ORDER BY created_at DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("identity: list tokens: %w", err)
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		var t Token
		var c, l, e string
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &c, &l, &e); err != nil {
			return nil, fmt.Errorf("identity: list tokens: %w", err)
		}
		t.CreatedAt, _ = db.ParseTime(c)
		if lt, _ := db.ParseTime(l); !lt.IsZero() {
			t.LastUsedAt = &lt
		}
		if et, _ := db.ParseTime(e); !et.IsZero() {
			t.ExpiresAt = &et
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken deletes one of the user's tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM access_tokens WHERE id = $1 AND user_id = $2`, tokenID, userID)
	if err != nil {
		return fmt.Errorf("identity: revoke token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("identity: token %q: %w", tokenID, errs.NotFound)
	}
	return nil
}

// UserByToken returns the active user behind a personal access token, for
// protocols that carry it some other way than as a Bearer token (WebDAV's
// Basic authentication uses it as the password). Failures wrap
// errs.Unauthenticated.
func (s *Service) UserByToken(ctx context.Context, secret string) (User, error) {
	return s.tokenUser(ctx, secret)
}
