// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package federation lets people sign in to Ensemble with an upstream
// OpenID Connect provider that an administrator configured: ProConnect,
// Keycloak, Entra ID, or another Ensemble. Ensemble acts as a standard
// relying party (go-oidc and x/oauth2, authorization code with PKCE, state
// bound to the browser, nonce checked).
//
// Accounts are created on first login and linked by (issuer, subject). An
// existing local account is never taken over by email, unless the upstream
// asserts email_verified and the administrator enabled linking for that
// provider.
package federation

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Provider is an upstream OpenID Connect provider.
type Provider struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Issuer         string    `json:"issuer"`
	ClientID       string    `json:"client_id"`
	HasSecret      bool      `json:"has_secret"`
	Scopes         []string  `json:"scopes"`
	EmailClaim     string    `json:"email_claim"`
	NameClaim      string    `json:"name_claim"`
	AllowedDomains []string  `json:"allowed_domains"`
	LinkExisting   bool      `json:"link_existing"`
	Enabled        bool      `json:"enabled"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`

	secret string
}

// Service is the federation domain.
type Service struct {
	db    *db.DB
	users *identity.Service
	audit *audit.Log
	log   *slog.Logger
	base  *url.URL

	mu    sync.Mutex
	cache map[string]*oidc.Provider // discovery documents by provider ID
}

// New returns the federation service. base is Ensemble's public URL; the
// redirect URI to register upstream is base + CallbackPath.
func New(d *db.DB, users *identity.Service, a *audit.Log, log *slog.Logger, base *url.URL) *Service {
	return &Service{db: d, users: users, audit: a, log: log, base: base, cache: map[string]*oidc.Provider{}}
}

// CallbackPath is where upstream providers send people back.
const CallbackPath = "/auth/upstream/callback"

// RedirectURI is the redirect URI to register at every upstream provider.
func (s *Service) RedirectURI() string { return s.base.String() + CallbackPath }

// ProviderInput is what an administrator sets on a provider; nil (absent)
// fields keep their value on update.
type ProviderInput struct {
	Name           *string   `json:"name,omitempty"`
	Issuer         *string   `json:"issuer,omitempty"`
	ClientID       *string   `json:"client_id,omitempty"`
	ClientSecret   *string   `json:"client_secret,omitempty"`
	Scopes         *[]string `json:"scopes,omitempty"`
	EmailClaim     *string   `json:"email_claim,omitempty"`
	NameClaim      *string   `json:"name_claim,omitempty"`
	AllowedDomains *[]string `json:"allowed_domains,omitempty"`
	LinkExisting   *bool     `json:"link_existing,omitempty"`
	Enabled        *bool     `json:"enabled,omitempty"`
}

func (in ProviderInput) apply(p *Provider) error {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&p.Name, in.Name)
	set(&p.Issuer, in.Issuer)
	set(&p.ClientID, in.ClientID)
	set(&p.EmailClaim, in.EmailClaim)
	set(&p.NameClaim, in.NameClaim)
	if in.ClientSecret != nil {
		p.secret = *in.ClientSecret
	}
	if in.Scopes != nil {
		p.Scopes = *in.Scopes
	}
	if in.AllowedDomains != nil {
		p.AllowedDomains = nil
		for _, d := range *in.AllowedDomains {
			if d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@")); d != "" {
				p.AllowedDomains = append(p.AllowedDomains, d)
			}
		}
	}
	if in.LinkExisting != nil {
		p.LinkExisting = *in.LinkExisting
	}
	if in.Enabled != nil {
		p.Enabled = *in.Enabled
	}
	if p.Name == "" || len(p.Name) > 100 {
		return fmt.Errorf("federation: %w", errs.Explain(errs.Invalid, "The name must be 1 to 100 characters."))
	}
	u, err := url.Parse(p.Issuer)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
		return fmt.Errorf("federation: %w", errs.Explain(errs.Invalid, "The issuer must be the provider's https URL, such as https://auth.example.gouv.fr/realms/agents."))
	}
	if p.ClientID == "" {
		return fmt.Errorf("federation: %w", errs.Explain(errs.Invalid, "The client ID is required."))
	}
	if p.EmailClaim == "" || p.NameClaim == "" {
		return fmt.Errorf("federation: %w", errs.Explain(errs.Invalid, "Name the claims that hold the email and the name (usually email and name)."))
	}
	if !containsString(p.Scopes, "openid") {
		p.Scopes = append([]string{"openid"}, p.Scopes...)
	}
	return nil
}

// CreateProvider adds an upstream provider.
func (s *Service) CreateProvider(ctx context.Context, in ProviderInput) (Provider, error) {
	p := Provider{ID: ids.New(), Scopes: []string{"openid", "email", "profile"}, EmailClaim: "email", NameClaim: "name", Enabled: true}
	if err := in.apply(&p); err != nil {
		return Provider{}, err
	}
	p.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	p.UpdatedAt = p.CreatedAt
	if err := s.save(ctx, p, true); err != nil {
		return Provider{}, err
	}
	p.HasSecret = p.secret != ""
	return p, nil
}

// UpdateProvider changes the fields of in that are set.
func (s *Service) UpdateProvider(ctx context.Context, id string, in ProviderInput) (Provider, error) {
	p, err := s.ProviderByID(ctx, id)
	if err != nil {
		return Provider{}, err
	}
	if err := in.apply(&p); err != nil {
		return Provider{}, err
	}
	p.UpdatedAt = time.Now().UTC().Truncate(time.Microsecond)
	if err := s.save(ctx, p, false); err != nil {
		return Provider{}, err
	}
	s.forget(id)
	p.HasSecret = p.secret != ""
	return p, nil
}

func (s *Service) save(ctx context.Context, p Provider, insert bool) error {
	scopes := strings.Join(p.Scopes, " ")
	domains, _ := json.Marshal(nonNil(p.AllowedDomains))
	var err error
	if insert {
		_, err = s.db.ExecContext(ctx, `INSERT INTO upstream_providers (id, name, issuer, client_id, client_secret, scopes, email_claim,
			name_claim, allowed_domains, link_existing, enabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
			p.ID, p.Name, p.Issuer, p.ClientID, p.secret, scopes, p.EmailClaim, p.NameClaim, string(domains), p.LinkExisting, p.Enabled, db.Time(p.CreatedAt))
	} else {
		_, err = s.db.ExecContext(ctx, `UPDATE upstream_providers SET name = $2, issuer = $3, client_id = $4, client_secret = $5, scopes = $6,
			email_claim = $7, name_claim = $8, allowed_domains = $9, link_existing = $10, enabled = $11, updated_at = $12 WHERE id = $1`,
			p.ID, p.Name, p.Issuer, p.ClientID, p.secret, scopes, p.EmailClaim, p.NameClaim, string(domains), p.LinkExisting, p.Enabled, db.Time(p.UpdatedAt))
	}
	if err != nil {
		return fmt.Errorf("federation: save provider: %w", err)
	}
	return nil
}

// DeleteProvider removes a provider. Accounts stay; their links remain so
// that re-adding the same issuer finds them again.
func (s *Service) DeleteProvider(ctx context.Context, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM upstream_providers WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("federation: delete provider: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("federation: provider %q: %w", id, errs.NotFound)
	}
	s.forget(id)
	return nil
}

const providerColumns = `id, name, issuer, client_id, client_secret, scopes, email_claim, name_claim, allowed_domains, link_existing, enabled, created_at, updated_at`

func scanProvider(r interface{ Scan(...any) error }) (Provider, error) {
	var p Provider
	var scopes, domains, created, updated string
	if err := r.Scan(&p.ID, &p.Name, &p.Issuer, &p.ClientID, &p.secret, &scopes, &p.EmailClaim, &p.NameClaim, &domains, &p.LinkExisting, &p.Enabled, &created, &updated); err != nil {
		return Provider{}, err
	}
	p.HasSecret = p.secret != ""
	p.Scopes = strings.Fields(scopes)
	json.Unmarshal([]byte(domains), &p.AllowedDomains)
	p.AllowedDomains = nonNil(p.AllowedDomains)
	p.CreatedAt, _ = db.ParseTime(created)
	p.UpdatedAt, _ = db.ParseTime(updated)
	return p, nil
}

// ProviderByID returns one provider.
func (s *Service) ProviderByID(ctx context.Context, id string) (Provider, error) {
	p, err := scanProvider(s.db.QueryRowContext(ctx, `SELECT `+providerColumns+` FROM upstream_providers WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Provider{}, fmt.Errorf("federation: provider %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return Provider{}, fmt.Errorf("federation: provider %q: %w", id, err)
	}
	return p, nil
}

// ListProviders returns the providers by name; onlyEnabled keeps those
// shown on the login page.
func (s *Service) ListProviders(ctx context.Context, onlyEnabled bool) ([]Provider, error) {
	q := `SELECT ` + providerColumns + ` FROM upstream_providers`
	if onlyEnabled {
		q += ` WHERE enabled = TRUE`
	}
	rows, err := s.db.QueryContext(ctx, q+` ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("federation: list providers: %w", err)
	}
	defer rows.Close()
	out := []Provider{}
	for rows.Next() {
		p, err := scanProvider(rows)
		if err != nil {
			return nil, fmt.Errorf("federation: list providers: %w", err)
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Service) forget(id string) {
	s.mu.Lock()
	delete(s.cache, id)
	s.mu.Unlock()
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
