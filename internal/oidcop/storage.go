// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// storage is the library's view of the provider: op.Storage over our
// database. Library errors that are not *oidc.Error become the standard
// OAuth error for the step (invalid_grant at the token endpoint…).
type storage struct{ p *Provider }

var (
	_ op.Storage                        = (*storage)(nil)
	_ op.CanSetUserinfoFromRequest      = (*storage)(nil)
	_ op.CanTerminateSessionFromRequest = (*storage)(nil)
)

func (s *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	return s.p.createAuthRequest(ctx, req)
}

func (s *storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	return s.p.authRequestByID(ctx, id)
}

func (s *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	return s.p.authRequestByCode(ctx, code)
}

func (s *storage) SaveAuthCode(ctx context.Context, id, code string) error {
	return s.p.saveAuthCode(ctx, id, code)
}

// DeleteAuthRequest keeps the row: its used code must still be recognised
// as a replay. Cleanup deletes it a day after it expired.
func (s *storage) DeleteAuthRequest(context.Context, string) error { return nil }

func (s *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	id, _, exp, err := s.p.issue(ctx, req, false, "")
	if err != nil {
		return "", time.Time{}, oidc.ErrInvalidGrant().WithParent(err)
	}
	return id, exp, nil
}

func (s *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	id, refresh, exp, err := s.p.issue(ctx, req, true, current)
	if err != nil {
		return "", "", time.Time{}, oidc.ErrInvalidGrant().WithParent(err)
	}
	return id, refresh, exp, nil
}

func (s *storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	r, err := s.p.refreshRequestByToken(ctx, token)
	if err != nil {
		return nil, oidc.ErrInvalidGrant().WithParent(err)
	}
	return r, nil
}

// TerminateSession is not called: TerminateSessionFromRequest replaces it.
func (s *storage) TerminateSession(context.Context, string, string) error { return nil }

func (s *storage) TerminateSessionFromRequest(ctx context.Context, req *op.EndSessionRequest) (string, error) {
	return s.p.endSession(ctx, req)
}

// RevokeToken revokes an access token (by its ID) or a refresh token (by
// its ID, from GetRefreshTokenInfo) of the calling client. A refresh token
// takes its whole grant with it (RFC 7009 §2.1).
func (s *storage) RevokeToken(ctx context.Context, tokenID, userID, clientID string) *oidc.Error {
	var owner, grant, user string
	err := s.p.db.QueryRowContext(ctx, `SELECT client_id, grant_id, user_id FROM oidc_access_tokens WHERE id = $1
		UNION ALL SELECT client_id, grant_id, user_id FROM oidc_refresh_tokens WHERE id = $1`, tokenID).Scan(&owner, &grant, &user)
	if err != nil {
		return nil // unknown tokens are "revoked" (RFC 7009 §2.2)
	}
	if owner != clientID {
		return oidc.ErrInvalidClient().WithDescription("the token was not issued to this client")
	}
	if _, err := s.p.db.ExecContext(ctx, `UPDATE oidc_access_tokens SET revoked = TRUE WHERE id = $1`, tokenID); err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	var isRefresh bool
	if err := s.p.db.QueryRowContext(ctx, `SELECT COUNT(*) > 0 FROM oidc_refresh_tokens WHERE id = $1`, tokenID).Scan(&isRefresh); err == nil && isRefresh {
		if err := s.p.revokeGrant(ctx, grant, owner, user); err != nil {
			return oidc.ErrServerError().WithParent(err)
		}
	}
	return nil
}

func (s *storage) GetRefreshTokenInfo(ctx context.Context, clientID, token string) (string, string, error) {
	var id, user string
	err := s.p.db.QueryRowContext(ctx, `SELECT id, user_id FROM oidc_refresh_tokens WHERE token_hash = $1 AND client_id = $2`,
		ids.Hash(token), clientID).Scan(&id, &user)
	if err != nil {
		return "", "", op.ErrInvalidRefreshToken
	}
	return user, id, nil
}

func (s *storage) SigningKey(ctx context.Context) (op.SigningKey, error) {
	return s.p.currentKey(ctx)
}

func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (s *storage) KeySet(ctx context.Context) ([]op.Key, error) { return s.p.publishedKeys(ctx) }

func (s *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.p.ClientByID(ctx, id)
	if errors.Is(err, errs.NotFound) {
		return nil, err
	}
	if err != nil {
		return nil, oidc.ErrServerError().WithParent(err)
	}
	return opClient{Client: c, p: s.p}, nil
}

func (s *storage) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	c, err := s.p.ClientByID(ctx, id)
	if err != nil && !errors.Is(err, errs.NotFound) {
		return oidc.ErrServerError().WithParent(err)
	}
	if err != nil || !c.checkSecret(secret) {
		return fmt.Errorf("oidcop: wrong client credentials: %w", errs.Unauthenticated)
	}
	return nil
}

// SetUserinfoFromScopes is deprecated by the library; SetUserinfoFromRequest does the work.
func (s *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil
}

func (s *storage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	u, err := s.p.activeUser(ctx, req.GetSubject())
	if err != nil {
		return err
	}
	return s.p.setUserinfo(ctx, info, u, scopes)
}

func (s *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, subject, _ string) error {
	t, u, err := s.p.activeAccessToken(ctx, tokenID, subject)
	if err != nil {
		return oidc.ErrAccessDenied().WithDescription("the access token is invalid, expired or revoked").WithParent(err)
	}
	return s.p.setUserinfo(ctx, info, u, t.scopes)
}

func (s *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, subject, _ string) error {
	t, u, err := s.p.activeAccessToken(ctx, tokenID, subject)
	if err != nil {
		return err
	}
	info := new(oidc.UserInfo)
	if err := s.p.setUserinfo(ctx, info, u, t.scopes); err != nil {
		return err
	}
	resp.SetUserInfo(info)
	resp.Scope = t.scopes
	resp.ClientID = t.clientID
	resp.TokenType = oidc.BearerToken
	resp.Expiration = oidc.FromTime(t.expiresAt)
	resp.IssuedAt = oidc.FromTime(t.createdAt)
	resp.Audience = t.audience
	resp.Issuer = s.p.Issuer()
	resp.JWTID = t.id
	resp.Username = u.Email
	return nil
}

func (s *storage) GetPrivateClaimsFromScopes(ctx context.Context, userID, _ string, scopes []string) (map[string]any, error) {
	return s.p.groupsClaim(ctx, userID, scopes)
}

// GetKeyByIDAndClientID refuses the JWT profile grant: no client has keys.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, fmt.Errorf("oidcop: private_key_jwt is not supported: %w", errs.NotFound)
}

func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, fmt.Errorf("oidcop: the JWT profile grant is not supported: %w", errs.Invalid)
}

func (s *storage) Health(ctx context.Context) error { return s.p.db.Ping(ctx) }

// requestKey carries the end_session request and response writer to the
// storage, which the library does not give them.
type requestKey struct{}

type requestPair struct {
	w http.ResponseWriter
	r *http.Request
}

func withRequest(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, requestPair{w, r})))
	})
}
