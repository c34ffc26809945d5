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

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// authRequest is a pending authorization: from /oauth/authorize until its
// code is exchanged. Its ID is unguessable; it also names the grant (the
// family of tokens issued from its code).
type authRequest struct {
	id, clientID, redirectURI, state, nonce string
	scopes                                  []string
	responseType, responseMode              string
	challenge, challengeMethod              string
	browserHash, userID                     string
	authTime, expiresAt, codeExpiresAt      time.Time
	done, codeUsed                          bool
}

var _ op.AuthRequest = (*authRequest)(nil)

func (a *authRequest) GetID() string          { return a.id }
func (a *authRequest) GetACR() string         { return "" }
func (a *authRequest) GetAMR() []string       { return []string{"pwd"} }
func (a *authRequest) GetAudience() []string  { return []string{a.clientID} }
func (a *authRequest) GetAuthTime() time.Time { return a.authTime }
func (a *authRequest) GetClientID() string    { return a.clientID }
func (a *authRequest) GetNonce() string       { return a.nonce }
func (a *authRequest) GetRedirectURI() string { return a.redirectURI }
func (a *authRequest) GetScopes() []string    { return a.scopes }
func (a *authRequest) GetState() string       { return a.state }
func (a *authRequest) GetSubject() string     { return a.userID }
func (a *authRequest) Done() bool             { return a.done }
func (a *authRequest) GetResponseType() oidc.ResponseType {
	return oidc.ResponseType(a.responseType)
}
func (a *authRequest) GetResponseMode() oidc.ResponseMode {
	return oidc.ResponseMode(a.responseMode)
}
func (a *authRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.challenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.challenge, Method: oidc.CodeChallengeMethod(a.challengeMethod)}
}

// createAuthRequest stores a validated authorization request. PKCE is
// required of public clients, and only S256 is accepted.
func (p *Provider) createAuthRequest(ctx context.Context, req *oidc.AuthRequest) (*authRequest, error) {
	c, err := p.ClientByID(ctx, req.ClientID)
	if err != nil {
		return nil, oidc.ErrInvalidClient().WithParent(err)
	}
	if c.Public && req.CodeChallenge == "" {
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE (code_challenge with S256) is required for public clients.")
	}
	if req.CodeChallenge != "" && req.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
		return nil, oidc.ErrInvalidRequest().WithDescription("Only the S256 code_challenge_method is accepted.")
	}
	now := p.now()
	a := &authRequest{id: ids.Secret("ar_"), clientID: c.ID, redirectURI: req.RedirectURI, state: req.State, nonce: req.Nonce,
		scopes: req.Scopes, responseType: string(req.ResponseType), responseMode: string(req.ResponseMode),
		challenge: req.CodeChallenge, challengeMethod: string(req.CodeChallengeMethod), expiresAt: now.Add(p.opts.AuthRequestTTL)}
	_, err = p.db.ExecContext(ctx, `INSERT INTO oidc_auth_requests (id, client_id, redirect_uri, state, nonce, scopes, response_type, response_mode,
		code_challenge, code_challenge_method, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.id, a.clientID, a.redirectURI, a.state, a.nonce, strings.Join(a.scopes, " "), a.responseType, a.responseMode,
		a.challenge, a.challengeMethod, db.Time(now), db.Time(a.expiresAt))
	if err != nil {
		return nil, fmt.Errorf("oidcop: store auth request: %w", err)
	}
	return a, nil
}

const authRequestColumns = `id, client_id, redirect_uri, state, nonce, scopes, response_type, response_mode, code_challenge,
	code_challenge_method, browser_hash, user_id, auth_time, done, code_expires_at, code_used, expires_at`

func scanAuthRequest(r *sql.Row) (*authRequest, error) {
	a := &authRequest{}
	var scopes, authTime, codeExp, exp string
	err := r.Scan(&a.id, &a.clientID, &a.redirectURI, &a.state, &a.nonce, &scopes, &a.responseType, &a.responseMode, &a.challenge,
		&a.challengeMethod, &a.browserHash, &a.userID, &authTime, &a.done, &codeExp, &a.codeUsed, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("oidcop: auth request: %w", errs.NotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("oidcop: auth request: %w", err)
	}
	a.scopes = strings.Fields(scopes)
	a.authTime, _ = db.ParseTime(authTime)
	a.codeExpiresAt, _ = db.ParseTime(codeExp)
	a.expiresAt, _ = db.ParseTime(exp)
	return a, nil
}

// authRequestByID returns a pending, unexpired authorization request.
func (p *Provider) authRequestByID(ctx context.Context, id string) (*authRequest, error) {
	a, err := scanAuthRequest(p.db.QueryRowContext(ctx, `SELECT `+authRequestColumns+` FROM oidc_auth_requests WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	if p.now().After(a.expiresAt) || a.codeUsed {
		return nil, fmt.Errorf("oidcop: auth request expired or used: %w", errs.NotFound)
	}
	return a, nil
}

// saveAuthCode attaches the one code of a completed request.
func (p *Provider) saveAuthCode(ctx context.Context, id, code string) error {
	res, err := p.db.ExecContext(ctx, `UPDATE oidc_auth_requests SET code_hash = $1, code_expires_at = $2
		WHERE id = $3 AND done = TRUE AND code_hash IS NULL`, ids.Hash(code), db.Time(p.now().Add(p.opts.CodeTTL)), id)
	if err != nil {
		return fmt.Errorf("oidcop: save code: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("oidcop: a code was already issued for this request: %w", errs.Conflict)
	}
	return nil
}

// authRequestByCode claims a code: the first call wins; any later one is a
// replay, which revokes every token issued from the code (RFC 6749 §4.1.2).
func (p *Provider) authRequestByCode(ctx context.Context, code string) (*authRequest, error) {
	a, err := scanAuthRequest(p.db.QueryRowContext(ctx, `SELECT `+authRequestColumns+` FROM oidc_auth_requests WHERE code_hash = $1`, ids.Hash(code)))
	if err != nil {
		return nil, err
	}
	if !a.codeUsed {
		res, err := p.db.ExecContext(ctx, `UPDATE oidc_auth_requests SET code_used = TRUE WHERE id = $1 AND code_used = FALSE`, a.id)
		if err != nil {
			return nil, fmt.Errorf("oidcop: claim code: %w", err)
		}
		n, _ := res.RowsAffected()
		a.codeUsed = n == 0
		if n == 1 {
			if p.now().After(a.codeExpiresAt) {
				return nil, fmt.Errorf("oidcop: code expired: %w", errs.Invalid)
			}
			return a, nil
		}
	}
	p.audit.Record(ctx, nil, audit.Event{Action: "oidc.code_reuse", Outcome: audit.Failure, ActorID: a.userID,
		TargetType: "oidc_client", TargetID: a.clientID, Details: map[string]any{"grant": a.id[:12]}})
	if err := p.revokeGrant(ctx, a.id, a.clientID, a.userID); err != nil {
		p.log.Error("oidcop: cannot revoke the grant of a reused code", "client", a.clientID, "err", err)
	}
	return nil, fmt.Errorf("oidcop: code already used; its tokens are revoked: %w", errs.Invalid)
}

// bindUser attaches the signed-in user to a pending request.
func (p *Provider) bindUser(ctx context.Context, id, userID string) error {
	res, err := p.db.ExecContext(ctx, `UPDATE oidc_auth_requests SET user_id = $1, auth_time = $2 WHERE id = $3 AND done = FALSE`,
		userID, db.Time(p.now()), id)
	if err != nil {
		return fmt.Errorf("oidcop: bind user: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("oidcop: auth request already completed: %w", errs.Conflict)
	}
	return nil
}

// markDone lets the library issue the code.
func (p *Provider) markDone(ctx context.Context, id string) error {
	_, err := p.db.ExecContext(ctx, `UPDATE oidc_auth_requests SET done = TRUE WHERE id = $1 AND user_id <> ''`, id)
	if err != nil {
		return fmt.Errorf("oidcop: complete auth request: %w", err)
	}
	return nil
}

// bindBrowser records the hash of a secret cookie given to the first
// browser that follows the login link, and refuses any other.
func (p *Provider) bindBrowser(ctx context.Context, id, secretHash string) error {
	res, err := p.db.ExecContext(ctx, `UPDATE oidc_auth_requests SET browser_hash = $1 WHERE id = $2 AND browser_hash = ''`, secretHash, id)
	if err != nil {
		return fmt.Errorf("oidcop: bind browser: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("oidcop: auth request already opened in another browser: %w", errs.Forbidden)
	}
	return nil
}
