// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"net/url"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// opClient presents a Client to the library.
type opClient struct {
	Client
	p *Provider
}

var _ op.Client = opClient{}

func (c opClient) GetID() string                    { return c.ID }
func (c opClient) RedirectURIs() []string           { return c.Client.RedirectURIs }
func (c opClient) PostLogoutRedirectURIs() []string { return c.Client.PostLogoutRedirectURIs }

// ApplicationType is web for confidential clients and native for public
// ones: the library then allows a public client's loopback redirect on any
// port (RFC 8252) and https or custom schemes, and nothing else.
func (c opClient) ApplicationType() op.ApplicationType {
	if c.Public {
		return op.ApplicationTypeNative
	}
	return op.ApplicationTypeWeb
}

func (c opClient) AuthMethod() oidc.AuthMethod {
	if c.Public {
		return oidc.AuthMethodNone
	}
	return oidc.AuthMethodBasic
}

func (c opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}

func (c opClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken}
}

// LoginURL sends the browser to our login step, which binds the request
// to this browser before showing the login page.
func (c opClient) LoginURL(authRequestID string) string {
	return c.p.issuer.JoinPath(pathLogin).String() + "?auth_request=" + url.QueryEscape(authRequestID)
}

func (c opClient) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeJWT }
func (c opClient) IDTokenLifetime() time.Duration      { return c.p.opts.IDTokenTTL }
func (c opClient) DevMode() bool                       { return false }

func (c opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

func (c opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// IsScopeAllowed allows the one scope beyond the standard ones.
func (c opClient) IsScopeAllowed(scope string) bool { return scope == scopeGroups }

// IDTokenUserinfoClaimsAssertion puts the profile and email claims in the
// ID token too, which most relying parties expect.
func (c opClient) IDTokenUserinfoClaimsAssertion() bool { return true }

func (c opClient) ClockSkew() time.Duration { return 0 }

const scopeGroups = "groups"
