// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package oidcop

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// API describes the /api/v1 routes that MountAdmin and MountAccount
// register, for the OpenAPI description (internal/server checks it against
// the real routes). The protocol's own endpoints (/oauth/…,
// /.well-known/openid-configuration) are described by its discovery
// document instead.
func (p *Provider) API() []apidoc.Op {
	const tag = "OpenID Connect"
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/admin/oidc-clients", Tag: tag,
			Summary:  "List the applications that may sign people in through Ensemble (administrators)",
			Response: apidoc.Object{"clients": []Client{}}},
		{Method: "POST", Path: "/api/v1/admin/oidc-clients", Tag: tag,
			Summary: "Register an application; a confidential client's secret is shown only in this answer (administrators)",
			Body:    NewClient{}, Status: http.StatusCreated, Response: createdClient{}},
		{Method: "PATCH", Path: "/api/v1/admin/oidc-clients/{id}", Tag: tag,
			Summary: "Change an application's name, redirect URIs or trust; absent members stay (administrators)",
			Body:    ClientPatch{}, Response: apidoc.Object{"client": Client{}}},
		{Method: "DELETE", Path: "/api/v1/admin/oidc-clients/{id}", Tag: tag,
			Summary: "Remove an application and revoke its tokens (administrators)", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/me/consents", Tag: "Account",
			Summary:  "List the applications one allowed to access one's account, and what they may see",
			Response: apidoc.Object{"consents": []Consent{}}},
		{Method: "DELETE", Path: "/api/v1/me/consents/{clientID}", Tag: "Account",
			Summary: "Withdraw an application's permission and revoke the tokens it holds for one", Status: http.StatusNoContent},
	}
}
