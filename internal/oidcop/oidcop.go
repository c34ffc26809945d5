// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package oidcop makes Ensemble an OpenID Connect provider for its own web
// UI and for any application an administration runs (a wiki, a ticketing
// tool…), on the certified zitadel/oidc "op" library with its storage in
// Ensemble's database.
//
// Every piece of state — clients, authorization requests and codes, grants,
// access and refresh tokens, signing keys, consents — lives in the database,
// so a flow started on one node finishes on another and survives a restart;
// only the signing keys are cached in memory, and a key that is missing from
// the cache is looked up again.
//
// Endpoints (the issuer is the server's base URL):
//
//	GET  /.well-known/openid-configuration   discovery
//	GET  /oauth/authorize                    authorization (code flow, PKCE S256)
//	GET  /oauth/authorize/callback           the library's return after login and consent
//	POST /oauth/token                        authorization_code and refresh_token grants
//	GET  /oauth/userinfo                     claims of the access token's user
//	POST /oauth/revoke                       RFC 7009 revocation
//	POST /oauth/introspect                   RFC 7662 introspection (client credentials)
//	GET  /oauth/end_session                  RP-initiated logout
//	GET  /oauth/keys                         JWKS, with retired keys until their tokens expire
//	GET  /oauth/login                        binds an auth request to the browser, then logs in
//	GET  /oauth/login-complete               after /login: attaches the signed-in user
//	GET  /oauth/consent, POST /oauth/consent the consent screen for non-trusted clients
//	/api/v1/admin/oidc-clients[/{id}]        the clients, for administrators
package oidcop

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/rs/cors"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Options tune the provider; zero values mean the defaults.
type Options struct {
	// AccessTokenTTL is how long an access token lives (default 1 hour).
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is how long a refresh token lives unused (default 30 days).
	RefreshTokenTTL time.Duration
	// IDTokenTTL is how long an ID token lives (default 1 hour).
	IDTokenTTL time.Duration
	// CodeTTL is how long an authorization code may wait to be exchanged (default 1 minute).
	CodeTTL time.Duration
	// AuthRequestTTL is how long a user has to log in and consent (default 15 minutes).
	AuthRequestTTL time.Duration
	// KeyRotation is how often a new signing key replaces the current one (default 30 days).
	KeyRotation time.Duration
	// Now returns the current time (tests move it).
	Now func() time.Time
	// Groups returns the groups of a user for the groups scope and claim
	// (Ensemble passes the IDs of their teams); nil means no groups.
	Groups func(ctx context.Context, userID string) ([]string, error)
}

func (o *Options) defaults() {
	set := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	set(&o.AccessTokenTTL, time.Hour)
	set(&o.RefreshTokenTTL, 30*24*time.Hour)
	set(&o.IDTokenTTL, time.Hour)
	set(&o.CodeTTL, time.Minute)
	set(&o.AuthRequestTTL, 15*time.Minute)
	set(&o.KeyRotation, 30*24*time.Hour)
	if o.Now == nil {
		o.Now = time.Now
	}
}

// keyRetention is how long a retired signing key stays published: longer
// than any token it signed lives.
func (o *Options) keyRetention() time.Duration {
	return max(o.AccessTokenTTL, o.IDTokenTTL) + time.Hour
}

// Provider is Ensemble's OpenID Connect provider.
type Provider struct {
	db     *db.DB
	users  *identity.Service
	audit  *audit.Log
	log    *slog.Logger
	issuer *url.URL
	opts   Options
	op     *op.Provider

	webClientID string

	keysMu   sync.Mutex
	rotateMu sync.Mutex   // serialises making a new signing key
	keys     []signingKey // cached, newest first
	keysRead time.Time
}

// Paths of the endpoints, relative to the issuer.
const (
	pathAuthorize     = "oauth/authorize"
	pathToken         = "oauth/token"
	pathUserinfo      = "oauth/userinfo"
	pathRevoke        = "oauth/revoke"
	pathIntrospect    = "oauth/introspect"
	pathEndSession    = "oauth/end_session"
	pathKeys          = "oauth/keys"
	pathLogin         = "/oauth/login"
	pathLoginComplete = "/oauth/login-complete"
	pathConsent       = "/oauth/consent"
)

// New returns the provider whose issuer is the server's base URL. It
// creates the first signing key and the built-in web client if missing.
func New(ctx context.Context, d *db.DB, users *identity.Service, a *audit.Log, log *slog.Logger, issuer *url.URL) (*Provider, error) {
	return NewWithOptions(ctx, d, users, a, log, issuer, Options{})
}

// NewWithOptions is New with lifetimes and a clock of one's choosing.
func NewWithOptions(ctx context.Context, d *db.DB, users *identity.Service, a *audit.Log, log *slog.Logger, issuer *url.URL, opts Options) (*Provider, error) {
	opts.defaults()
	iss := *issuer
	iss.Path = ""
	iss.RawQuery, iss.Fragment = "", ""
	p := &Provider{db: d, users: users, audit: a, log: log, issuer: &iss, opts: opts}
	id, err := p.ensureWebClient(ctx)
	if err != nil {
		return nil, err
	}
	p.webClientID = id

	cfg := &op.Config{
		CodeMethodS256:           true,
		AuthMethodPost:           true,
		GrantTypeRefreshToken:    true,
		SupportedUILocales:       []language.Tag{language.French, language.English, language.German},
		SupportedScopes:          []string{"openid", "profile", "email", "offline_access", "groups"},
		SupportedClaims:          []string{"sub", "aud", "exp", "iat", "iss", "auth_time", "nonce", "azp", "at_hash", "c_hash", "name", "preferred_username", "locale", "email", "email_verified", "groups"},
		DefaultLogoutRedirectURI: iss.JoinPath("/").String(),
	}
	// Access tokens are JWTs; this key would only serve opaque tokens, which
	// are never issued, so a random one per process is enough.
	rand.Read(cfg.CryptoKey[:])
	corsOpts := &cors.Options{
		AllowedHeaders:  []string{"Origin", "Accept", "Accept-Language", "Authorization", "Content-Type"},
		AllowedMethods:  []string{http.MethodGet, http.MethodHead, http.MethodPost},
		AllowOriginFunc: func(string) bool { return true },
		// No cookies cross origins: the endpoints SPAs call use tokens.
		AllowCredentials: false,
	}
	ks := &keySet{p: p}
	options := []op.Option{
		op.WithCustomAuthEndpoint(op.NewEndpoint(pathAuthorize)),
		op.WithCustomTokenEndpoint(op.NewEndpoint(pathToken)),
		op.WithCustomUserinfoEndpoint(op.NewEndpoint(pathUserinfo)),
		op.WithCustomRevocationEndpoint(op.NewEndpoint(pathRevoke)),
		op.WithCustomIntrospectionEndpoint(op.NewEndpoint(pathIntrospect)),
		op.WithCustomEndSessionEndpoint(op.NewEndpoint(pathEndSession)),
		op.WithCustomKeysEndpoint(op.NewEndpoint(pathKeys)),
		op.WithCORSOptions(corsOpts),
		op.WithAccessTokenKeySet(ks),
		op.WithIDTokenHintKeySet(ks),
	}
	if iss.Scheme == "http" {
		options = append(options, op.WithAllowInsecure())
	}
	p.op, err = op.NewProvider(cfg, &storage{p: p}, op.StaticIssuer(iss.String()), options...)
	if err != nil {
		return nil, fmt.Errorf("oidcop: build provider: %w", err)
	}
	return p, nil
}

// Issuer returns the issuer URL.
func (p *Provider) Issuer() string { return p.issuer.String() }

// WebClientID is the ID of the built-in, trusted client through which
// Ensemble's own web UI signs in (redirect URI <issuer>/auth/callback).
func (p *Provider) WebClientID() string { return p.webClientID }

// Mount registers every route of the provider on mux: the protocol
// endpoints (MountProtocol) and the admin API (MountAdmin).
func (p *Provider) Mount(mux *http.ServeMux) {
	p.MountProtocol(mux)
	p.MountAdmin(mux)
	p.MountAccount(mux)
}

// MountProtocol registers the OpenID Connect endpoints and the browser
// steps (/.well-known/openid-configuration and /oauth/…). They authenticate
// their callers themselves: keep identity's Authenticate middleware away
// from them, since it would answer a third-party client's bearer token at
// /oauth/userinfo with 401.
func (p *Provider) MountProtocol(mux *http.ServeMux) {
	for _, path := range []string{"/.well-known/openid-configuration", "/" + pathAuthorize, "/" + pathAuthorize + "/callback",
		"/" + pathToken, "/" + pathUserinfo, "/" + pathRevoke, "/" + pathIntrospect, "/" + pathKeys} {
		mux.Handle(path, p.op)
	}
	mux.Handle("/"+pathEndSession, withRequest(p.op))
	mux.HandleFunc("GET "+pathLogin, p.handleLogin)
	mux.HandleFunc("GET "+pathLoginComplete, p.handleLoginComplete)
	mux.HandleFunc("GET "+pathConsent, p.handleConsentPage)
	mux.HandleFunc("POST "+pathConsent, p.handleConsentPost)
}

// Handler returns a handler serving the protocol endpoints (MountProtocol),
// for a server that sends /oauth/ and /.well-known/openid-configuration to it.
func (p *Provider) Handler() http.Handler {
	mux := http.NewServeMux()
	p.MountProtocol(mux)
	return mux
}

// PrepareKey makes sure a signing key exists, making one if needed (an
// RSA key takes a tenth of a second to make). The server calls it in the
// background right after starting, so that readiness does not wait for it;
// a token asked for earlier makes the key itself.
func (p *Provider) PrepareKey(ctx context.Context) error {
	_, err := p.currentKey(ctx)
	return err
}

// now is the provider's clock.
func (p *Provider) now() time.Time { return p.opts.Now() }

// Cleanup deletes expired authorization requests and tokens. Call it now
// and then (the server's housekeeping loop); correctness never depends on it.
func (p *Provider) Cleanup(ctx context.Context) error {
	now := p.now()
	for _, c := range []struct {
		query  string
		before time.Time
	}{
		// Auth requests are kept a day, so that a reused code is still recognised.
		{`DELETE FROM oidc_auth_requests WHERE expires_at < $1`, now.Add(-24 * time.Hour)},
		{`DELETE FROM oidc_access_tokens WHERE expires_at < $1`, now},
		{`DELETE FROM oidc_refresh_tokens WHERE expires_at < $1`, now},
	} {
		if _, err := p.db.ExecContext(ctx, c.query, db.Time(c.before)); err != nil {
			return fmt.Errorf("oidcop: cleanup: %w", err)
		}
	}
	return p.pruneKeys(ctx)
}
