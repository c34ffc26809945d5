// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package identity holds Ensemble's accounts and how people prove who they
// are: argon2id passwords, browser sessions, personal access tokens and
// one-time password reset links. Its middleware puts the authenticated
// Principal in every request's context; every module asks PrincipalFrom
// and never looks at cookies or tokens itself.
//
// The OpenID Connect provider (package oidcop) signs people in through
// this package's login page and sessions.
package identity

import (
	"context"
	"log/slog"
	"net/url"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
)

// Options tune the service; zero values mean the defaults.
type Options struct {
	// BaseURL is the server's public URL: it decides Secure cookies and
	// builds reset links.
	BaseURL *url.URL
	// SessionIdle ends a session unused for this long (default 7 days).
	SessionIdle time.Duration
	// SessionMax ends any session this long after login (default 30 days).
	SessionMax time.Duration
	// Argon2 sets the password hashing cost (default DefaultArgon2).
	Argon2 Argon2Params
	// Now returns the current time (tests move it).
	Now func() time.Time
}

// Service is the identity domain.
type Service struct {
	db      *db.DB
	audit   *audit.Log
	log     *slog.Logger
	opts    Options
	limiter *loginLimiter
	dummy   string // a hash verified for unknown emails, so they take as long
	bearer  BearerVerifier

	onResetLink func(ctx context.Context, u User, link string, expires time.Time) bool
}

// New returns the identity service over d.
func New(d *db.DB, a *audit.Log, log *slog.Logger, opts Options) *Service {
	if opts.SessionIdle == 0 {
		opts.SessionIdle = 7 * 24 * time.Hour
	}
	if opts.SessionMax == 0 {
		opts.SessionMax = 30 * 24 * time.Hour
	}
	if opts.Argon2 == (Argon2Params{}) {
		opts.Argon2 = DefaultArgon2
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.BaseURL == nil {
		opts.BaseURL = &url.URL{Scheme: "http", Host: "localhost"}
	}
	s := &Service{db: d, audit: a, log: log, opts: opts, limiter: newLoginLimiter(opts.Now)}
	s.dummy = dummyHash
	if opts.Argon2 != DefaultArgon2 {
		// Hashing takes the hash's memory; with the default cost a hash made
		// once (below) serves, so starting the server allocates none of it.
		s.dummy, _ = hashPassword("not a real password", opts.Argon2)
	}
	return s
}

// Principal is who makes a request.
type Principal struct {
	User User
	// Via says how they proved it: "session" or "token".
	Via string
	// SessionID is the session's public ID when Via is "session".
	SessionID string
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the principal of the request whose context is ctx,
// and false for an anonymous request.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
