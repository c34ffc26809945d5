// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package teams holds teams, the groups of people every module can share
// with, and invitations, the one-time links that let someone without an
// account (a guest) create one and join a team.
//
// Members have a role: member < administrator < owner. Anyone signed in
// may create a team and becomes its owner; administrators manage members
// and administrators; only owners grant or take away ownership and delete
// the team; a team always keeps at least one owner. One function, can,
// decides every permission, and every path (HTTP or Go) goes through it.
// To someone outside a team the team does not exist (errs.NotFound).
// Site administrators act as owners of every team.
package teams

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Service is the teams domain.
type Service struct {
	db    *db.DB
	users *identity.Service
	audit *audit.Log
	log   *slog.Logger
	base  *url.URL
	now   func() time.Time // tests move it

	onInvite func(ctx context.Context, actor identity.User, inv Invitation, url string) bool
}

// SetOnInvite sets the hook called after someone invites an email through
// the API; it reports whether the link was sent to that email (the
// server mails it when SMTP is configured). It must not block.
func (s *Service) SetOnInvite(f func(ctx context.Context, actor identity.User, inv Invitation, url string) bool) {
	s.onInvite = f
}

// New returns the teams service over d. Accounts come from users;
// invitation links start with baseURL.
func New(d *db.DB, users *identity.Service, a *audit.Log, log *slog.Logger, baseURL *url.URL) *Service {
	if baseURL == nil {
		baseURL = &url.URL{Scheme: "http", Host: "localhost"}
	}
	return &Service{db: d, users: users, audit: a, log: log, base: baseURL, now: time.Now}
}

// Team is a group of people that modules can share with.
type Team struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Role is the caller's role in the team, where a listing knows it.
	Role Role `json:"role,omitempty"`
	// Members is how many members the team has, where a listing counts them.
	Members int `json:"members,omitempty"`
}

// Member is a person in a team, with their role.
type Member struct {
	UserID  string    `json:"user_id"`
	Email   string    `json:"email"`
	Name    string    `json:"name"`
	Role    Role      `json:"role"`
	AddedAt time.Time `json:"added_at"`
}

// querier is what both *db.DB and *sql.Tx offer for reading one row, so
// that checks can run inside a transaction or outside one.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// MaxDescription bounds a team's description, in characters.
const MaxDescription = 2000

func checkName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 || !utf8.ValidString(name) || strings.ContainsAny(name, "\x00\r\n") {
		return "", fmt.Errorf("teams: a name is 1 to 100 characters on one line: %w", errs.Invalid)
	}
	return name, nil
}

func checkDescription(d string) (string, error) {
	d = strings.TrimSpace(d)
	if utf8.RuneCountInString(d) > MaxDescription || !utf8.ValidString(d) || strings.ContainsRune(d, 0) {
		return "", fmt.Errorf("teams: a description is at most %d characters: %w", MaxDescription, errs.Invalid)
	}
	return d, nil
}
