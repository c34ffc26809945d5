// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"context"
	"fmt"
	"slices"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// setUserinfo fills the claims that scopes grant. sub is the user's ID:
// stable and opaque, never the email.
func (p *Provider) setUserinfo(ctx context.Context, info *oidc.UserInfo, u identity.User, scopes []string) error {
	info.Subject = u.ID
	for _, s := range scopes {
		switch s {
		case oidc.ScopeProfile:
			info.Name = u.Name
			info.PreferredUsername = u.Email
			if u.Locale != "" {
				if tag, err := language.Parse(u.Locale); err == nil {
					info.Locale = oidc.NewLocale(tag)
				}
			}
		case oidc.ScopeEmail:
			info.Email = u.Email
			info.EmailVerified = oidc.Bool(u.EmailVerified)
		case scopeGroups:
			groups, err := p.groups(ctx, u.ID)
			if err != nil {
				return err
			}
			info.AppendClaims("groups", groups)
		}
	}
	return nil
}

// groups returns the user's groups (the IDs of their teams), never nil.
func (p *Provider) groups(ctx context.Context, userID string) ([]string, error) {
	if p.opts.Groups == nil {
		return []string{}, nil
	}
	g, err := p.opts.Groups(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("oidcop: groups of %q: %w", userID, err)
	}
	if g == nil {
		g = []string{}
	}
	return g, nil
}

// groupsClaim is the private claim of access tokens that carry the groups scope.
func (p *Provider) groupsClaim(ctx context.Context, userID string, scopes []string) (map[string]any, error) {
	if !slices.Contains(scopes, scopeGroups) {
		return nil, nil
	}
	g, err := p.groups(ctx, userID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"groups": g}, nil
}

// VerifyAccessToken returns the user of an access token this provider
// issued, for identity.SetBearerVerifier: the signature, expiry,
// revocation (its own and its grant's) and the user's state are checked
// on every call. Only tokens of trusted (first-party) clients are
// accepted by Ensemble's own API, so that a third-party application
// cannot act in Ensemble on its users' behalf. Failures wrap
// errs.Unauthenticated.
func (p *Provider) VerifyAccessToken(ctx context.Context, token string) (identity.User, error) {
	claims, err := op.VerifyAccessToken[*oidc.AccessTokenClaims](ctx, token, op.NewAccessTokenVerifier(p.Issuer(), &keySet{p: p}))
	if err != nil {
		return identity.User{}, fmt.Errorf("oidcop: access token: %v: %w", err, errs.Unauthenticated)
	}
	t, u, err := p.activeAccessToken(ctx, claims.JWTID, claims.Subject)
	if err != nil {
		return identity.User{}, err
	}
	c, err := p.ClientByID(ctx, t.clientID)
	if err != nil || !c.Trusted {
		return identity.User{}, fmt.Errorf("oidcop: access token of a third-party client: %w", errs.Unauthenticated)
	}
	return u, nil
}
