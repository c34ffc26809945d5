// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// refreshRequest is a stored refresh token, presented again.
type refreshRequest struct {
	id, grantID, clientID, userID string
	scopes, audience, amr         []string
	authTime                      time.Time
}

var _ op.RefreshTokenRequest = (*refreshRequest)(nil)

func (r *refreshRequest) GetAMR() []string            { return r.amr }
func (r *refreshRequest) GetAudience() []string       { return r.audience }
func (r *refreshRequest) GetAuthTime() time.Time      { return r.authTime }
func (r *refreshRequest) GetClientID() string         { return r.clientID }
func (r *refreshRequest) GetScopes() []string         { return r.scopes }
func (r *refreshRequest) GetSubject() string          { return r.userID }
func (r *refreshRequest) SetCurrentScopes(s []string) { r.scopes = s }

const refreshTokenPrefix = "ens_rt_"

// errGrantRevoked refuses tokens for a grant that was revoked meanwhile.
var errGrantRevoked = fmt.Errorf("oidcop: grant revoked: %w", errs.Invalid)

// errRefreshReused marks the second use of a rotated refresh token.
var errRefreshReused = fmt.Errorf("oidcop: refresh token reused: %w", errs.Invalid)

// forUpdate locks the grant row on PostgreSQL; SQLite's single writer
// already serializes the transactions.
func (p *Provider) forUpdate() string {
	if p.db.Dialect() == db.Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// activeUser returns the token's user if they may still use it.
func (p *Provider) activeUser(ctx context.Context, userID string) (identity.User, error) {
	u, err := p.users.UserByID(ctx, userID)
	if err != nil {
		return identity.User{}, err
	}
	if u.Disabled {
		return identity.User{}, fmt.Errorf("oidcop: user %q is disabled: %w", userID, errs.Forbidden)
	}
	return u, nil
}

// issue creates the tokens of a token request: from a code (a new grant)
// or from a refresh token (rotated within its grant). It returns the
// access token's ID, the new refresh token if wanted, and the expiry.
func (p *Provider) issue(ctx context.Context, req op.TokenRequest, withRefresh bool, current string) (string, string, time.Time, error) {
	var grantID, clientID, userID string
	var amr []string
	var authTime time.Time
	var rotate *refreshRequest
	switch r := req.(type) {
	case *authRequest:
		grantID, clientID, userID, amr, authTime = r.id, r.clientID, r.userID, r.GetAMR(), r.authTime
	case *refreshRequest:
		grantID, clientID, userID, amr, authTime, rotate = r.grantID, r.clientID, r.userID, r.amr, r.authTime, r
	default:
		return "", "", time.Time{}, fmt.Errorf("oidcop: unsupported token request %T: %w", req, errs.Invalid)
	}
	if _, err := p.activeUser(ctx, userID); err != nil {
		return "", "", time.Time{}, err
	}
	now := p.now()
	accessID := ids.New()
	exp := now.Add(p.opts.AccessTokenTTL)
	refresh := ""
	scopes := strings.Join(req.GetScopes(), " ")
	audience := strings.Join(req.GetAudience(), " ")
	err := p.db.Tx(ctx, func(tx *sql.Tx) error {
		if rotate == nil {
			_, err := tx.ExecContext(ctx, `INSERT INTO oidc_grants (id, client_id, user_id, created_at) VALUES ($1, $2, $3, $4)`,
				grantID, clientID, userID, db.Time(now))
			if db.IsUniqueViolation(err) {
				return errGrantRevoked // the code's grant was revoked (replayed) before the first exchange finished
			}
			if err != nil {
				return fmt.Errorf("oidcop: create grant: %w", err)
			}
		} else {
			var revokedAt string
			err := tx.QueryRowContext(ctx, `SELECT revoked_at FROM oidc_grants WHERE id = $1`+p.forUpdate(), grantID).Scan(&revokedAt)
			if err != nil || revokedAt != "" {
				return errors.Join(errGrantRevoked, err)
			}
			res, err := tx.ExecContext(ctx, `UPDATE oidc_refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at = '' AND revoked = FALSE`,
				db.Time(now), rotate.id)
			if err != nil {
				return fmt.Errorf("oidcop: rotate refresh token: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errRefreshReused
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO oidc_access_tokens (id, grant_id, client_id, user_id, scopes, audience, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, accessID, grantID, clientID, userID, scopes, audience, db.Time(now), db.Time(exp)); err != nil {
			return fmt.Errorf("oidcop: store access token: %w", err)
		}
		if !withRefresh {
			return nil
		}
		refresh = ids.Secret(refreshTokenPrefix)
		_, err := tx.ExecContext(ctx, `INSERT INTO oidc_refresh_tokens (id, token_hash, grant_id, client_id, user_id, scopes, audience, amr, auth_time, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, ids.New(), ids.Hash(refresh), grantID, clientID, userID, scopes, audience,
			strings.Join(amr, " "), db.Time(authTime), db.Time(now), db.Time(now.Add(p.opts.RefreshTokenTTL)))
		if err != nil {
			return fmt.Errorf("oidcop: store refresh token: %w", err)
		}
		return nil
	})
	if errors.Is(err, errRefreshReused) {
		p.refreshReused(ctx, rotate)
	}
	if err != nil {
		return "", "", time.Time{}, err
	}
	return accessID, refresh, exp, nil
}

// refreshRequestByToken looks a refresh token up. A token already rotated
// is a replay: the whole family (grant) is revoked.
func (p *Provider) refreshRequestByToken(ctx context.Context, token string) (*refreshRequest, error) {
	r := &refreshRequest{}
	var scopes, audience, amr, authTime, expires, usedAt, grantRevoked string
	var revoked bool
	err := p.db.QueryRowContext(ctx, `SELECT t.id, t.grant_id, t.client_id, t.user_id, t.scopes, t.audience, t.amr, t.auth_time, t.expires_at,
		t.used_at, t.revoked, COALESCE(g.revoked_at, 'missing') FROM oidc_refresh_tokens t LEFT JOIN oidc_grants g ON g.id = t.grant_id
		WHERE t.token_hash = $1`, ids.Hash(token)).Scan(&r.id, &r.grantID, &r.clientID, &r.userID, &scopes, &audience, &amr, &authTime,
		&expires, &usedAt, &revoked, &grantRevoked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("oidcop: unknown refresh token: %w", errs.NotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("oidcop: refresh token: %w", err)
	}
	r.scopes, r.audience, r.amr = strings.Fields(scopes), strings.Fields(audience), strings.Fields(amr)
	r.authTime, _ = db.ParseTime(authTime)
	exp, _ := db.ParseTime(expires)
	switch {
	case usedAt != "" && !revoked && grantRevoked == "":
		p.refreshReused(ctx, r)
		return nil, errRefreshReused
	case revoked || grantRevoked != "" || usedAt != "":
		return nil, fmt.Errorf("oidcop: refresh token revoked: %w", errs.Invalid)
	case p.now().After(exp):
		return nil, fmt.Errorf("oidcop: refresh token expired: %w", errs.Invalid)
	}
	if _, err := p.activeUser(ctx, r.userID); err != nil {
		return nil, err
	}
	return r, nil
}

func (p *Provider) refreshReused(ctx context.Context, r *refreshRequest) {
	p.audit.Record(ctx, nil, audit.Event{Action: "oidc.refresh_reuse", Outcome: audit.Failure, ActorID: r.userID,
		TargetType: "oidc_client", TargetID: r.clientID})
	if err := p.revokeGrant(ctx, r.grantID, r.clientID, r.userID); err != nil {
		p.log.Error("oidcop: cannot revoke the family of a reused refresh token", "client", r.clientID, "err", err)
	}
}

// revokeGrant revokes a grant and every token of its family. A grant not
// created yet (its code is being exchanged right now) is created revoked,
// so that the exchange fails.
func (p *Provider) revokeGrant(ctx context.Context, grantID, clientID, userID string) error {
	now := db.Time(p.now())
	ctx = context.WithoutCancel(ctx) // a client hanging up must not leave the family alive
	return p.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO oidc_grants (id, client_id, user_id, created_at, revoked_at) VALUES ($1, $2, $3, $4, $4)
			ON CONFLICT (id) DO UPDATE SET revoked_at = excluded.revoked_at`, grantID, clientID, userID, now); err != nil {
			return fmt.Errorf("oidcop: revoke grant: %w", err)
		}
		for _, q := range []string{`UPDATE oidc_access_tokens SET revoked = TRUE WHERE grant_id = $1`,
			`UPDATE oidc_refresh_tokens SET revoked = TRUE WHERE grant_id = $1`} {
			if _, err := tx.ExecContext(ctx, q, grantID); err != nil {
				return fmt.Errorf("oidcop: revoke grant: %w", err)
			}
		}
		return nil
	})
}

// accessToken is a stored access token that is still valid.
type accessToken struct {
	id, grantID, clientID, userID string
	scopes, audience              []string
	createdAt, expiresAt          time.Time
}

// activeAccessToken returns an access token if it is unrevoked, unexpired,
// of subject, and its user is active.
func (p *Provider) activeAccessToken(ctx context.Context, id, subject string) (accessToken, identity.User, error) {
	t := accessToken{}
	var scopes, audience, created, expires, grantRevoked string
	var revoked bool
	err := p.db.QueryRowContext(ctx, `SELECT t.id, t.grant_id, t.client_id, t.user_id, t.scopes, t.audience, t.created_at, t.expires_at, t.revoked,
		COALESCE(g.revoked_at, 'missing') FROM oidc_access_tokens t LEFT JOIN oidc_grants g ON g.id = t.grant_id WHERE t.id = $1`, id).Scan(
		&t.id, &t.grantID, &t.clientID, &t.userID, &scopes, &audience, &created, &expires, &revoked, &grantRevoked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, identity.User{}, fmt.Errorf("oidcop: unknown access token: %w", errs.Unauthenticated)
	}
	if err != nil {
		return t, identity.User{}, fmt.Errorf("oidcop: access token: %w", err)
	}
	t.scopes, t.audience = strings.Fields(scopes), strings.Fields(audience)
	t.createdAt, _ = db.ParseTime(created)
	t.expiresAt, _ = db.ParseTime(expires)
	if revoked || grantRevoked != "" || t.userID != subject || !p.now().Before(t.expiresAt) {
		return t, identity.User{}, fmt.Errorf("oidcop: access token revoked or expired: %w", errs.Unauthenticated)
	}
	u, err := p.activeUser(ctx, t.userID)
	if err != nil {
		return t, identity.User{}, fmt.Errorf("oidcop: access token of an inactive user: %w", errs.Unauthenticated)
	}
	return t, u, nil
}
