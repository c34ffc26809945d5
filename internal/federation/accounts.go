// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package federation

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Why an upstream login was refused; the login page explains each.
var (
	errDomain      = errors.New("email_domain_not_allowed")
	errTakeover    = errors.New("account_exists")
	errNoEmail     = errors.New("no_email")
	errDisabledAcc = errors.New("account_disabled")
)

func reasonOf(err error) string {
	for _, e := range []error{errDomain, errTakeover, errNoEmail, errDisabledAcc} {
		if errors.Is(err, e) {
			return e.Error()
		}
	}
	return "internal"
}

// accountFor returns the account linked to (issuer, subject), linking or
// creating one on first login under the provider's rules.
func (s *Service) accountFor(ctx context.Context, p Provider, issuer, subject string, claims map[string]any) (identity.User, error) {
	var userID string
	err := s.db.QueryRowContext(ctx, `SELECT user_id FROM user_links WHERE issuer = $1 AND subject = $2`, issuer, subject).Scan(&userID)
	if err == nil {
		u, err := s.users.UserByID(ctx, userID)
		if err == nil && u.Disabled {
			return identity.User{}, errDisabledAcc
		}
		return u, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return identity.User{}, fmt.Errorf("federation: find link: %w", err)
	}

	email := claimString(claims, p.EmailClaim)
	if email == "" {
		return identity.User{}, errNoEmail
	}
	if len(p.AllowedDomains) > 0 {
		domain := strings.ToLower(email[strings.LastIndexByte(email, '@')+1:])
		if !containsString(p.AllowedDomains, domain) {
			return identity.User{}, fmt.Errorf("federation: %s: %w", domain, errDomain)
		}
	}
	verified, _ := claims["email_verified"].(bool)
	existing, err := s.users.UserByEmail(ctx, email)
	switch {
	case err == nil:
		// Never take over a local account on the upstream's word alone.
		if !p.LinkExisting || !verified {
			return identity.User{}, errTakeover
		}
		if existing.Disabled {
			return identity.User{}, errDisabledAcc
		}
		return existing, s.link(ctx, p, issuer, subject, existing.ID)
	case !errors.Is(err, errs.NotFound):
		return identity.User{}, err
	}
	name := claimString(claims, p.NameClaim)
	if name == "" {
		name = strings.TrimSpace(claimString(claims, "given_name") + " " + claimString(claims, "family_name"))
	}
	if name == "" {
		name = email[:strings.IndexByte(email, '@')]
	}
	locale := claimString(claims, "locale")
	if len(locale) > 2 {
		locale = locale[:2]
	}
	if locale != "fr" && locale != "en" && locale != "de" {
		locale = ""
	}
	u, err := s.users.CreateUser(ctx, identity.NewUser{Email: email, Name: truncateRunes(name, 100), Locale: locale, EmailVerified: verified})
	if err != nil {
		return identity.User{}, err
	}
	return u, s.link(ctx, p, issuer, subject, u.ID)
}

func (s *Service) link(ctx context.Context, p Provider, issuer, subject, userID string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO user_links (issuer, subject, user_id, provider_id, created_at) VALUES ($1, $2, $3, $4, $5)`,
		issuer, subject, userID, p.ID, db.Time(time.Now()))
	if err != nil {
		return fmt.Errorf("federation: link account: %w", err)
	}
	return nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}
