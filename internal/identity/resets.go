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

// ResetLinkTTL is how long a password reset link works.
const ResetLinkTTL = 24 * time.Hour

// CreateResetLink makes a one-time link with which the user sets a new
// password; an administrator hands it over. It replaces any earlier link.
func (s *Service) CreateResetLink(ctx context.Context, userID, byUserID string) (string, time.Time, error) {
	if _, err := s.UserByID(ctx, userID); err != nil {
		return "", time.Time{}, err
	}
	secret := ids.Secret("ens_r_")
	now := s.opts.Now()
	expires := now.Add(ResetLinkTTL)
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE user_id = $1`, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO password_resets (secret_hash, user_id, created_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			ids.Hash(secret), userID, byUserID, db.Time(now), db.Time(expires))
		return err
	})
	if err != nil {
		return "", time.Time{}, fmt.Errorf("identity: create reset link: %w", err)
	}
	u := *s.opts.BaseURL
	u.Path = "/reset-password/" + secret
	return u.String(), expires, nil
}

// SetOnResetLink sets the hook called after an administrator makes a reset
// link through the API; it reports whether the link was also sent to the
// user's address (the server mails it when SMTP is configured). The link
// is shown to the administrator either way. It must not block.
func (s *Service) SetOnResetLink(f func(ctx context.Context, u User, link string, expires time.Time) bool) {
	s.onResetLink = f
}

// ResetPassword sets a new password with a reset link's secret, which then
// stops working, and ends every session of the user.
func (s *Service) ResetPassword(ctx context.Context, secret, password string) (User, error) {
	if err := CheckPasswordPolicy(password); err != nil {
		return User{}, err
	}
	var userID, expires string
	err := s.db.QueryRowContext(ctx, `SELECT user_id, expires_at FROM password_resets WHERE secret_hash = $1`, ids.Hash(secret)).Scan(&userID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("identity: unknown or used reset link: %w", errs.NotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: reset: %w", err)
	}
	if e, _ := db.ParseTime(expires); s.opts.Now().After(e) {
		return User{}, fmt.Errorf("identity: reset link expired: %w", errs.NotFound)
	}
	res, err := s.db.ExecContext(ctx, `DELETE FROM password_resets WHERE secret_hash = $1`, ids.Hash(secret))
	if err != nil {
		return User{}, fmt.Errorf("identity: reset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return User{}, fmt.Errorf("identity: reset link already used: %w", errs.NotFound)
	}
	if err := s.setPassword(ctx, userID, password); err != nil {
		return User{}, err
	}
	if err := s.revokeOtherSessions(ctx, userID, ""); err != nil {
		return User{}, err
	}
	return s.UserByID(ctx, userID)
}
