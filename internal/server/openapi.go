// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/version"
)

// describer is a domain that describes its /api/v1 routes (an API method
// beside its Mount).
type describer interface {
	API() []apidoc.Op
}

// apiOps gathers the description of every /api/v1 route the server mounts:
// its own and each domain's. A domain that describes its routes adds one
// line to the list; a test fails while a mounted route is not described.
func (s *Server) apiOps() []apidoc.Op {
	ops := []apidoc.Op{
		{Method: "GET", Path: "/api/v1/shell", Tag: "Suite", Public: true,
			Summary:  "Describe the suite for the web shell: product, version and the modules it lists in its app switcher",
			Response: apidoc.Object{"product": "", "version": "", "modules": []Module{}}},
		{Method: "GET", Path: "/api/v1/openapi.json", Tag: "Suite", Public: true,
			Summary:  "Get this description of the API, in OpenAPI 3.1",
			Response: map[string]any{}},
	}
	for _, d := range []describer{
		s.identity,
		s.oidc,
		s.federation,
		s.teams,
		s.docs,
		s.docexport,
		s.media,
		s.versions,
		s.comments,
		s.search,
		s.drive,
	} {
		ops = append(ops, d.API()...)
	}
	return apidoc.Sorted(ops)
}

// openAPI builds the description once and serves it; the API is the same
// for everyone, so no login is needed to read it.
func (s *Server) openAPI() (http.Handler, error) {
	doc, err := apidoc.Document("Ensemble", version.Version, s.apiOps())
	if err != nil {
		return nil, fmt.Errorf("describe the API: %w", err)
	}
	return apidoc.Handler(doc), nil
}
