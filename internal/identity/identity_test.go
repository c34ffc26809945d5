// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity_test

import (
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// clock is a time the test moves.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// cheap keeps hashing fast in tests; the cost is a parameter like any other.
var cheap = identity.Argon2Params{Memory: 64, Time: 1, Threads: 1}

func newService(t *testing.T, d *db.DB) (*identity.Service, *clock, *audit.Log) {
	c := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	a := audit.New(d, slog.New(slog.DiscardHandler))
	return identity.New(d, a, slog.New(slog.DiscardHandler), identity.Options{Argon2: cheap, Now: c.Now}), c, a
}

const pw = "correct horse battery"

func mustUser(t *testing.T, s *identity.Service, email string, admin bool) identity.User {
	t.Helper()
	u, err := s.CreateUser(t.Context(), identity.NewUser{Email: email, Name: "Agent " + email, Password: pw, Admin: admin})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCreateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _, _ := newService(t, d)
		ctx := t.Context()
		u := mustUser(t, s, "Marie.Curie@Recherche.gouv.fr", false)
		if _, err := s.CreateUser(ctx, identity.NewUser{Email: "marie.curie@recherche.GOUV.fr", Name: "Twin", Password: pw}); !errors.Is(err, errs.Conflict) {
			t.Fatalf("same email in another case = %v; want errs.Conflict", err)
		}
		got, err := s.UserByEmail(ctx, "MARIE.CURIE@recherche.gouv.fr")
		if err != nil || got.ID != u.ID || got.Email != "Marie.Curie@Recherche.gouv.fr" || !got.HasPassword {
			t.Fatalf("UserByEmail = %+v, %v", got, err)
		}
		for _, bad := range []identity.NewUser{
			{Email: "not an email", Name: "x", Password: pw},
			{Email: "a@b", Name: "x", Password: pw},
			{Email: "Name <a@b.fr>", Name: "x", Password: pw},
			{Email: "ok@b.fr", Name: "", Password: pw},
			{Email: "ok@b.fr", Name: "<script>", Password: pw},
			{Email: "ok@b.fr", Name: "x", Password: "short"},
			{Email: "ok@b.fr", Name: "x", Password: pw, Locale: "klingon"},
		} {
			if _, err := s.CreateUser(ctx, bad); !errors.Is(err, errs.Invalid) {
				t.Errorf("CreateUser(%+v) = %v; want errs.Invalid", bad, err)
			}
		}
		if _, err := s.UserByID(ctx, "nope"); !errors.Is(err, errs.NotFound) {
			t.Errorf("UserByID(nope) = %v; want errs.NotFound", err)
		}
	})
}

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, _, a := newService(t, d)
		ctx := t.Context()
		u := mustUser(t, s, "agent@mairie.fr", false)
		c := identity.Client{IP: "192.0.2.1", UserAgent: "test"}
		sess1, secret1, got, err := s.Login(ctx, "AGENT@mairie.fr", pw, c)
		if err != nil || got.ID != u.ID {
			t.Fatalf("Login = %v", err)
		}
		sess2, secret2, _, err := s.Login(ctx, "agent@mairie.fr", pw, c)
		if err != nil || sess1.ID == sess2.ID || secret1 == secret2 {
			t.Fatalf("two logins share a session: %v", err)
		}
		// Unknown email and wrong password get the very same error.
		_, _, _, e1 := s.Login(ctx, "nobody@mairie.fr", pw, c)
		_, _, _, e2 := s.Login(ctx, "agent@mairie.fr", "wrong password!", c)
		if e1 != identity.ErrBadCredentials || e2 != identity.ErrBadCredentials {
			t.Fatalf("unknown email = %v, wrong password = %v; want ErrBadCredentials for both", e1, e2)
		}
		events, _ := a.List(ctx, audit.Filter{Action: "login", Outcome: audit.Failure})
		if len(events) != 2 || events[0].Details["reason"] != "bad_password" || events[1].Details["reason"] != "unknown_email" {
			t.Fatalf("audit failures = %+v", events)
		}
		// Disabling ends the sessions and refuses logins.
		if err := s.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.ListSessions(ctx, u.ID); len(list) != 0 {
			t.Fatalf("a disabled user keeps %d sessions", len(list))
		}
		if _, _, _, err := s.Login(ctx, "agent@mairie.fr", pw, c); err != identity.ErrBadCredentials {
			t.Fatalf("disabled login = %v", err)
		}
	})
}

func TestLoginRateLimits(t *testing.T) {
	s, clk, _ := newService(t, dbtest.SQLite(t))
	ctx := t.Context()
	mustUser(t, s, "target@mairie.fr", false)
	c := identity.Client{IP: "198.51.100.7"}
	for range 5 {
		if _, _, _, err := s.Login(ctx, "target@mairie.fr", "guess guess guess", c); err != identity.ErrBadCredentials {
			t.Fatal(err)
		}
	}
	// The sixth try is refused even with the right password.
	_, _, _, err := s.Login(ctx, "target@mairie.fr", pw, c)
	var rl *identity.RateLimitedError
	if !errors.As(err, &rl) || !errors.Is(err, errs.TooMany) || rl.RetryAfter <= 0 {
		t.Fatalf("6th attempt = %v; want RateLimitedError", err)
	}
	// From another address too: the limit is per account.
	if _, _, _, err := s.Login(ctx, "target@mairie.fr", pw, identity.Client{IP: "203.0.113.9"}); !errors.As(err, &rl) {
		t.Fatalf("other address = %v; want RateLimitedError", err)
	}
	clk.Add(rl.RetryAfter)
	if _, _, _, err := s.Login(ctx, "target@mairie.fr", pw, c); err != nil {
		t.Fatalf("after waiting = %v", err)
	}
	// Per address: many accounts from one address.
	for i := range 30 {
		s.Login(ctx, "user"+string(rune('a'+i%26))+"@x.fr", "nope nope nope", identity.Client{IP: "192.0.2.50"})
	}
	if _, _, _, err := s.Login(ctx, "target@mairie.fr", pw, identity.Client{IP: "192.0.2.50"}); !errors.As(err, &rl) {
		t.Fatalf("31st attempt from one address = %v; want RateLimitedError", err)
	}
}

func TestRehashOnLogin(t *testing.T) {
	d := dbtest.SQLite(t)
	s, _, _ := newService(t, d)
	mustUser(t, s, "old@mairie.fr", false)
	var before string
	d.QueryRowContext(t.Context(), `SELECT password_hash FROM users`).Scan(&before)
	stronger := identity.New(d, audit.New(d, slog.New(slog.DiscardHandler)), slog.New(slog.DiscardHandler), identity.Options{Argon2: identity.Argon2Params{Memory: 128, Time: 2, Threads: 1}})
	if _, _, _, err := stronger.Login(t.Context(), "old@mairie.fr", pw, identity.Client{}); err != nil {
		t.Fatal(err)
	}
	var after string
	d.QueryRowContext(t.Context(), `SELECT password_hash FROM users`).Scan(&after)
	if after == before || !strings.Contains(after, "m=128,t=2,p=1") {
		t.Fatalf("hash not upgraded: %s -> %s", before, after)
	}
	if _, _, _, err := stronger.Login(t.Context(), "old@mairie.fr", pw, identity.Client{}); err != nil {
		t.Fatalf("login with the upgraded hash: %v", err)
	}
}

func TestTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk, _ := newService(t, d)
		ctx := t.Context()
		u := mustUser(t, s, "dev@mairie.fr", false)
		tok, secret, err := s.CreateToken(ctx, u.ID, "CI pipeline", time.Hour)
		if err != nil || len(secret) < 40 || tok.Prefix != secret[:len(tok.Prefix)] {
			t.Fatalf("CreateToken = %+v %q %v", tok, secret, err)
		}
		if _, _, err := s.CreateToken(ctx, u.ID, " ", 0); !errors.Is(err, errs.Invalid) {
			t.Fatalf("blank name = %v", err)
		}
		list, _ := s.ListTokens(ctx, u.ID)
		if len(list) != 1 || list[0].ExpiresAt == nil {
			t.Fatalf("ListTokens = %+v", list)
		}
		clk.Add(2 * time.Hour)
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.RevokeToken(ctx, u.ID, tok.ID); !errors.Is(err, errs.NotFound) {
			t.Fatalf("second revoke = %v", err)
		}
	})
}

func TestSessionsExpire(t *testing.T) {
	s, clk, _ := newService(t, dbtest.SQLite(t))
	ctx := t.Context()
	u := mustUser(t, s, "s@mairie.fr", false)
	sess, _, _, err := s.Login(ctx, "s@mairie.fr", pw, identity.Client{})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(8 * 24 * time.Hour) // idle past 7 days
	if list, _ := s.ListSessions(ctx, u.ID); len(list) != 0 {
		t.Fatalf("idle session %s still listed", sess.ID)
	}
}

func TestResetLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		s, clk, _ := newService(t, d)
		ctx := t.Context()
		u := mustUser(t, s, "forgot@mairie.fr", false)
		s.Login(ctx, "forgot@mairie.fr", pw, identity.Client{})
		link, _, err := s.CreateResetLink(ctx, u.ID, "admin")
		if err != nil {
			t.Fatal(err)
		}
		secret := link[len("http://localhost/reset-password/"):]
		if _, err := s.ResetPassword(ctx, secret, "short"); !errors.Is(err, errs.Invalid) {
			t.Fatalf("weak password = %v", err)
		}
		if _, err := s.ResetPassword(ctx, secret, "a brand new passphrase"); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.ListSessions(ctx, u.ID); len(list) != 0 {
			t.Fatal("sessions survive a password reset")
		}
		if _, err := s.ResetPassword(ctx, secret, "another new passphrase"); !errors.Is(err, errs.NotFound) {
			t.Fatalf("reused link = %v; want errs.NotFound", err)
		}
		if _, _, _, err := s.Login(ctx, "forgot@mairie.fr", "a brand new passphrase", identity.Client{}); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
		link, _, _ = s.CreateResetLink(ctx, u.ID, "admin")
		clk.Add(25 * time.Hour)
		if _, err := s.ResetPassword(ctx, link[len("http://localhost/reset-password/"):], "too late passphrase"); !errors.Is(err, errs.NotFound) {
			t.Fatalf("expired link = %v; want errs.NotFound", err)
		}
	})
}

func TestSafeReturnTo(t *testing.T) {
	for in, want := range map[string]string{
		"/docs/42?x=1":            "/docs/42?x=1",
		"":                        "/",
		"//evil.example/":         "/",
		"/\\evil.example":         "/",
		"https://evil.example/":   "/",
		"javascript:alert(1)":     "/",
		"/ok\r\nSet-Cookie: x=1":  "/",
		"/oauth/login-complete?a": "/oauth/login-complete?a",
	} {
		if got := identity.SafeReturnTo(in); got != want {
			t.Errorf("SafeReturnTo(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestAfterSignIn(t *testing.T) {
	for in, want := range map[string]string{
		"/docs/7":                              "/auth/login?return_to=%2Fdocs%2F7",
		"":                                     "/auth/login?return_to=%2F",
		"//evil.example":                       "/auth/login?return_to=%2F",
		"/oauth/login-complete?auth_request=x": "/oauth/login-complete?auth_request=x",
		"/auth/login?return_to=%2Fx":           "/auth/login?return_to=%2Fx",
	} {
		if got := identity.AfterSignIn(in); got != want {
			t.Errorf("AfterSignIn(%q) = %q; want %q", in, got, want)
		}
	}
}
