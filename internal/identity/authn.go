// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package identity

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// BearerVerifier turns a bearer token that is not a personal access token
// (an OpenID Connect access token, say) into its user.
type BearerVerifier func(ctx context.Context, token string) (User, error)

// SetBearerVerifier adds a verifier for bearer tokens that are not
// personal access tokens. Call it while building the server.
func (s *Service) SetBearerVerifier(v BearerVerifier) { s.bearer = v }

// CookieName is the app session cookie's name, the one the API reads:
// with the __Host- prefix under https, which browsers only accept Secure,
// host-only and for the whole site.
func (s *Service) CookieName() string { return s.cookieName("ensemble_session") }

// SSOCookieName is the single sign-on session cookie's name, the one the
// login page sets and only the OpenID Connect provider reads.
func (s *Service) SSOCookieName() string { return s.cookieName("ensemble_sso") }

func (s *Service) cookieName(base string) string {
	if s.secure() {
		return "__Host-" + base
	}
	return base
}

func (s *Service) secure() bool { return s.opts.BaseURL.Scheme == "https" }

// Authenticate puts the request's Principal in its context: from an
// Authorization: Bearer token (a personal access token or what the bearer
// verifier accepts), or else from the session cookie. A bad bearer token
// is answered 401 at once; a stale cookie just makes the request
// anonymous (and is cleared).
func (s *Service) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth := r.Header.Get("Authorization"); auth != "" {
			scheme, token, _ := strings.Cut(auth, " ")
			if !strings.EqualFold(scheme, "Bearer") {
				next.ServeHTTP(w, r) // Basic and others belong to the routes that want them (WebDAV)
				return
			}
			u, err := s.bearerUser(r.Context(), strings.TrimSpace(token))
			if err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="ensemble", error="invalid_token"`)
				httpx.WriteError(w, r, s.log, httpx.NewError(http.StatusUnauthorized, "invalid_token", "The access token is invalid, expired or revoked."))
				return
			}
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), Principal{User: u, Via: "token"})))
			return
		}
		c, err := r.Cookie(s.CookieName())
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		sess, u, err := s.sessionUser(r.Context(), c.Value, KindApp)
		if err != nil {
			http.SetCookie(w, s.sessionCookie(s.CookieName(), "", -1))
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), Principal{User: u, Via: "session", SessionID: sess.ID})))
	})
}

// UserFromSessionCookie returns the user signed in with r's single sign-on
// cookie, and that session's ID, for the OpenID Connect provider.
func (s *Service) UserFromSessionCookie(r *http.Request) (User, string, bool) {
	c, err := r.Cookie(s.SSOCookieName())
	if err != nil || c.Value == "" {
		return User{}, "", false
	}
	sess, u, err := s.sessionUser(r.Context(), c.Value, KindSSO)
	if err != nil {
		return User{}, "", false
	}
	return u, sess.ID, true
}

func (s *Service) bearerUser(ctx context.Context, token string) (User, error) {
	if strings.HasPrefix(token, TokenPrefix) || s.bearer == nil {
		return s.tokenUser(ctx, token)
	}
	return s.bearer(ctx, token)
}

func (s *Service) sessionCookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   s.secure(),
		SameSite: http.SameSiteLaxMode,
	}
}

// RequireUser returns the request's principal, or errs.Unauthenticated.
func RequireUser(r *http.Request) (Principal, error) {
	p, ok := PrincipalFrom(r.Context())
	if !ok {
		return Principal{}, fmt.Errorf("identity: sign in first: %w", errs.Unauthenticated)
	}
	return p, nil
}

// RequireAdmin returns the request's principal if it is an administrator.
func RequireAdmin(r *http.Request) (Principal, error) {
	p, err := RequireUser(r)
	if err != nil {
		return p, err
	}
	if !p.User.Admin {
		return p, fmt.Errorf("identity: administrators only: %w", errs.Forbidden)
	}
	return p, nil
}
