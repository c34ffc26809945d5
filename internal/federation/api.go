// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package federation

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// API describes the /api/v1 routes that Mount registers, for the OpenAPI
// description (internal/server checks it against the real routes). The
// browser's sign-in routes (/auth/upstream/…) are not part of the API.
func (s *Service) API() []apidoc.Op {
	const tag = "Federation"
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/auth/providers", Tag: "Identity", Public: true,
			Summary:  "List the enabled upstream providers one may sign in with, for the login page's buttons",
			Response: apidoc.Object{"providers": []button{}}},
		{Method: "GET", Path: "/api/v1/admin/upstream-providers", Tag: tag,
			Summary:  "List the upstream OpenID Connect providers and the redirect URI to register at them (administrators)",
			Response: apidoc.Object{"providers": []Provider{}, "redirect_uri": ""}},
		{Method: "POST", Path: "/api/v1/admin/upstream-providers", Tag: tag,
			Summary: "Add an upstream OpenID Connect provider: name, issuer and client_id are needed (administrators)",
			Body:    ProviderInput{}, Status: http.StatusCreated,
			Response: apidoc.Object{"provider": Provider{}, "redirect_uri": ""}},
		{Method: "PATCH", Path: "/api/v1/admin/upstream-providers/{id}", Tag: tag,
			Summary: "Change an upstream provider; absent members keep their value (administrators)",
			Body:    ProviderInput{}, Response: apidoc.Object{"provider": Provider{}}},
		{Method: "DELETE", Path: "/api/v1/admin/upstream-providers/{id}", Tag: tag,
			Summary: "Remove an upstream provider (administrators)", Status: http.StatusNoContent},
	}
}
