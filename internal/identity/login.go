// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// RateLimitedError says how long to wait before trying to log in again.
type RateLimitedError struct{ RetryAfter time.Duration }

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("identity: too many failed logins; retry in %s", e.RetryAfter.Round(time.Second))
}

// Unwrap makes a RateLimitedError an errs.TooMany.
func (e *RateLimitedError) Unwrap() error { return errs.TooMany }

// ErrBadCredentials is the one answer to a wrong email, a wrong password and
// a disabled account, so that none can be told apart.
var ErrBadCredentials = fmt.Errorf("identity: wrong email or password: %w", errs.Unauthenticated)

// Client describes where a login comes from.
type Client struct {
	IP        string
	UserAgent string
}

// Login checks an email and password and starts a single sign-on session
// (set its secret as the SSOCookieName cookie). It takes as
// long for an unknown email as for a wrong password, counts failures per
// account and per address (RateLimitedError past the budget), rehashes the
// password if the hashing cost changed, and records the attempt in the
// audit log.
func (s *Service) Login(ctx context.Context, email, password string, c Client) (Session, string, User, error) {
	key := strings.ToLower(strings.TrimSpace(email))
	if wait := s.limiter.check(key, c.IP); wait > 0 {
		s.audit.Record(ctx, nil, audit.Event{Action: "login", Outcome: audit.Failure, ActorEmail: truncate(key, 254), IP: c.IP, UserAgent: c.UserAgent, Details: map[string]any{"reason": "rate_limited"}})
		return Session{}, "", User{}, &RateLimitedError{RetryAfter: wait}
	}
	u, hash, err := s.userByEmail(ctx, key)
	if err != nil && !errors.Is(err, errs.NotFound) {
		return Session{}, "", User{}, err
	}
	if hash == "" {
		hash = s.dummy // same work for an unknown email or an account without a password
	}
	ok, params, verr := verifyPassword(password, hash)
	if verr != nil {
		s.log.Error("identity: unreadable password hash", "user", u.ID, "err", verr)
	}
	if !ok || u.ID == "" || u.Disabled || len(password) > 4*MaxPasswordLen {
		s.limiter.fail(key, c.IP)
		reason := "bad_password"
		switch {
		case u.ID == "":
			reason = "unknown_email"
		case u.Disabled:
			reason = "disabled"
		}
		s.audit.Record(ctx, nil, audit.Event{Action: "login", Outcome: audit.Failure, ActorID: u.ID, ActorEmail: truncate(key, 254), IP: c.IP, UserAgent: c.UserAgent, Details: map[string]any{"reason": reason}})
		return Session{}, "", User{}, ErrBadCredentials
	}
	s.limiter.succeed(key)
	if params != s.opts.Argon2 {
		if h, err := hashPassword(password, s.opts.Argon2); err == nil {
			s.db.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, h, u.ID)
		}
	}
	sess, secret, err := s.createSession(ctx, KindSSO, "", u.ID, c.IP, c.UserAgent)
	if err != nil {
		return Session{}, "", User{}, err
	}
	s.audit.Record(ctx, nil, audit.Event{Action: "login", ActorID: u.ID, ActorEmail: u.Email, IP: c.IP, UserAgent: c.UserAgent, TargetType: "session", TargetID: sess.ID})
	return sess, secret, u, nil
}

// Logout ends the session behind a cookie secret of either kind, with the
// sessions it came from or that came from it.
func (s *Service) Logout(ctx context.Context, secret string) error {
	var id, userID string
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id FROM sessions WHERE secret_hash = $1`, ids.Hash(secret)).Scan(&id, &userID)
	if err != nil {
		return nil // already gone
	}
	return s.endSession(ctx, userID, id)
}

// EndSSOSession ends a single sign-on session by ID with the app sessions
// it started (RP-initiated logout).
func (s *Service) EndSSOSession(ctx context.Context, userID, sessionID string) error {
	return s.endSession(ctx, userID, sessionID)
}

// ChangePassword replaces a user's password after checking the current one
// (users without a password yet skip that check), and ends their other
// sessions.
func (s *Service) ChangePassword(ctx context.Context, userID, current, next, keepSession string) error {
	u, err := s.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	_, hash, err := s.userByEmail(ctx, u.Email)
	if err != nil {
		return err
	}
	if hash != "" {
		if ok, _, _ := verifyPassword(current, hash); !ok {
			return fmt.Errorf("identity: the current password is wrong: %w", errs.Forbidden)
		}
	}
	if err := s.setPassword(ctx, userID, next); err != nil {
		return err
	}
	return s.revokeOtherSessions(ctx, userID, keepSession)
}

func (s *Service) setPassword(ctx context.Context, userID, pw string) error {
	if err := CheckPasswordPolicy(pw); err != nil {
		return err
	}
	h, err := hashPassword(pw, s.opts.Argon2)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`, h, db.Time(s.opts.Now()), userID)
	return err
}

// StartSession signs u in on this browser after another proof of identity
// (an upstream provider, an accepted invitation), as the login page does:
// it creates a new single sign-on session, sets its cookie on w and records
// the login with how it happened.
func (s *Service) StartSession(w http.ResponseWriter, r *http.Request, u User, method string) error {
	if u.Disabled {
		return ErrBadCredentials
	}
	sess, secret, err := s.createSession(r.Context(), KindSSO, "", u.ID, audit.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(s.SSOCookieName(), secret, int(s.opts.SessionMax/time.Second)))
	s.audit.Record(r.Context(), r, audit.Event{Action: "login", ActorID: u.ID, ActorEmail: u.Email, TargetType: "session", TargetID: sess.ID, Details: map[string]any{"method": method}})
	return nil
}

// StartAppSession signs the web app in for u once it has finished its code
// flow with the OpenID Connect provider: a new app session, child of the
// browser's single sign-on session ssoID, whose cookie the API reads.
func (s *Service) StartAppSession(w http.ResponseWriter, r *http.Request, u User, ssoID string) error {
	if u.Disabled {
		return ErrBadCredentials
	}
	_, secret, err := s.createSession(r.Context(), KindApp, ssoID, u.ID, audit.ClientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	http.SetCookie(w, s.sessionCookie(s.CookieName(), secret, int(s.opts.SessionMax/time.Second)))
	return nil
}
