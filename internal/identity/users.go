// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// User is an account. Its ID is the stable, opaque subject (`sub`) that
// other applications see; the email may change.
type User struct {
	ID            string `json:"id"`
	Email         string `json:"email"`
	Name          string `json:"name"`
	Locale        string `json:"locale"`
	EmailVerified bool   `json:"email_verified"`
	Admin         bool   `json:"admin"`
	Disabled      bool   `json:"disabled"`
	HasPassword   bool   `json:"has_password"`
	// EmailNotifications says whether the user wants mail about mentions
	// and access requests (when the server sends mail at all).
	EmailNotifications bool      `json:"email_notifications"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

// NewUser is what CreateUser needs.
type NewUser struct {
	Email         string
	Name          string
	Locale        string
	Password      string // empty for an account without a local password
	Admin         bool
	EmailVerified bool
}

// Locales the UI speaks; an empty locale follows the browser.
var locales = map[string]bool{"": true, "fr": true, "en": true, "de": true}

// normalizeEmail checks an email address and returns it trimmed, with its
// lookup key (lower case).
func normalizeEmail(email string) (string, string, error) {
	email = strings.TrimSpace(email)
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
		return "", "", fmt.Errorf("identity: email %q: %w", email, errs.Explain(errs.Invalid, "Enter a valid email address, such as marie.dupont@mairie.fr."))
	}
	return email, strings.ToLower(email), nil
}

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || strings.ContainsAny(name, "\x00\r\n<>") {
		return "", fmt.Errorf("identity: name: %w", errs.Explain(errs.Invalid, "The name must be 1 to 100 characters on one line, without < or >."))
	}
	return name, nil
}

// CreateUser creates an account. A second account with the same email, in
// any case, is errs.Conflict.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	email, key, err := normalizeEmail(n.Email)
	if err != nil {
		return User{}, err
	}
	name, err := checkName(n.Name)
	if err != nil {
		return User{}, err
	}
	if !locales[n.Locale] {
		return User{}, fmt.Errorf("identity: locale %q: %w", n.Locale, errs.Explain(errs.Invalid, "The language must be fr, en or de (or empty to follow the browser)."))
	}
	hash := ""
	if n.Password != "" {
		if err := CheckPasswordPolicy(n.Password); err != nil {
			return User{}, err
		}
		if hash, err = hashPassword(n.Password, s.opts.Argon2); err != nil {
			return User{}, err
		}
	}
	now := s.opts.Now()
	u := User{ID: ids.New(), Email: email, Name: name, Locale: n.Locale, Admin: n.Admin, EmailVerified: n.EmailVerified, EmailNotifications: true,
		HasPassword: hash != "", CreatedAt: now.UTC().Truncate(time.Microsecond), UpdatedAt: now.UTC().Truncate(time.Microsecond)}
	_, err = s.db.ExecContext(ctx, `INSERT INTO users (id, email, email_key, name, locale, password_hash, email_verified, is_admin, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`, u.ID, email, key, name, n.Locale, hash, n.EmailVerified, n.Admin, db.Time(now))
	if db.IsUniqueViolation(err) {
		return User{}, fmt.Errorf("identity: %q: %w", email, errs.Explain(errs.Conflict, "An account with this email address already exists."))
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: create user: %w", err)
	}
	return u, nil
}

const userColumns = `id, email, name, locale, password_hash, email_verified, is_admin, disabled, created_at, updated_at, email_notifications`

type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (User, string, error) {
	var u User
	var hash, created, updated string
	if err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Locale, &hash, &u.EmailVerified, &u.Admin, &u.Disabled, &created, &updated, &u.EmailNotifications); err != nil {
		return User{}, "", err
	}
	u.HasPassword = hash != ""
	u.CreatedAt, _ = db.ParseTime(created)
	u.UpdatedAt, _ = db.ParseTime(updated)
	return u, hash, nil
}

// UserByID returns the account with this ID.
func (s *Service) UserByID(ctx context.Context, id string) (User, error) {
	u, _, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, fmt.Errorf("identity: user %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return User{}, fmt.Errorf("identity: user %q: %w", id, err)
	}
	return u, nil
}

// UserByEmail returns the account with this email, in any case.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	u, _, err := s.userByEmail(ctx, email)
	return u, err
}

func (s *Service) userByEmail(ctx context.Context, email string) (User, string, error) {
	key := strings.ToLower(strings.TrimSpace(email))
	u, hash, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email_key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, "", fmt.Errorf("identity: user %q: %w", email, errs.NotFound)
	}
	if err != nil {
		return User{}, "", fmt.Errorf("identity: user %q: %w", email, err)
	}
	return u, hash, nil
}

// ListUsers returns every account, by email. query, if not empty, keeps
// those whose email or name contains it.
func (s *Service) ListUsers(ctx context.Context, query string) ([]User, error) {
	q := `SELECT ` + userColumns + ` FROM users`
	var args []any
	if query != "" {
		q += ` WHERE email_key LIKE $1 OR lower(name) LIKE $1`
		args = append(args, "%"+strings.ToLower(query)+"%")
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY email_key LIMIT 1000`, args...)
	if err != nil {
		return nil, fmt.Errorf("identity: list users: %w", err)
	}
	defer rows.Close()
	out := []User{}
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("identity: list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Profile is what a user may change about themselves.
type Profile struct {
	Name   *string `json:"name,omitempty"`
	Locale *string `json:"locale,omitempty"`
	// EmailNotifications turns mail about mentions and access requests
	// on or off.
	EmailNotifications *bool `json:"email_notifications,omitempty"`
}

// UpdateProfile changes the fields of p that are set.
func (s *Service) UpdateProfile(ctx context.Context, userID string, p Profile) (User, error) {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	if p.Name != nil {
		if u.Name, err = checkName(*p.Name); err != nil {
			return User{}, err
		}
	}
	if p.Locale != nil {
		if !locales[*p.Locale] {
			return User{}, fmt.Errorf("identity: locale %q: %w", *p.Locale, errs.Explain(errs.Invalid, "The language must be fr, en or de (or empty to follow the browser)."))
		}
		u.Locale = *p.Locale
	}
	if p.EmailNotifications != nil {
		u.EmailNotifications = *p.EmailNotifications
	}
	u.UpdatedAt = s.opts.Now().UTC().Truncate(time.Microsecond)
	_, err = s.db.ExecContext(ctx, `UPDATE users SET name = $1, locale = $2, email_notifications = $3, updated_at = $4 WHERE id = $5`,
		u.Name, u.Locale, u.EmailNotifications, db.Time(u.UpdatedAt), u.ID)
	if err != nil {
		return User{}, fmt.Errorf("identity: update profile: %w", err)
	}
	return u, nil
}

// SetDisabled disables or enables an account. Disabling ends its sessions
// and stops its tokens at once.
func (s *Service) SetDisabled(ctx context.Context, userID string, disabled bool) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled = $1, updated_at = $2 WHERE id = $3`, disabled, db.Time(s.opts.Now()), userID)
		if err != nil {
			return fmt.Errorf("identity: disable user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("identity: user %q: %w", userID, errs.NotFound)
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
				return fmt.Errorf("identity: end sessions: %w", err)
			}
		}
		return nil
	})
}

// SetAdmin grants or removes administrator rights.
func (s *Service) SetAdmin(ctx context.Context, userID string, admin bool) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET is_admin = $1, updated_at = $2 WHERE id = $3`, admin, db.Time(s.opts.Now()), userID)
	if err != nil {
		return fmt.Errorf("identity: set admin: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("identity: user %q: %w", userID, errs.NotFound)
	}
	return nil
}

// HasUsers reports whether any account exists, so that a new installation
// can say how to create the first administrator.
func (s *Service) HasUsers(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM users LIMIT 1) AS one`).Scan(&n)
	return n > 0, err
}
