// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package search

import "github.com/ensemble-suite/ensemble/internal/apidoc"

// API describes the route that Mount registers, for the OpenAPI
// description (internal/server checks it against the real routes).
func (s *Service) API() []apidoc.Op {
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/search", Tag: "Search",
			Summary: "Search the titles and text of the documents one may read, best first, with highlighted snippets",
			Query: []apidoc.Param{
				{Name: "q", Required: true, Description: "The words to look for (at most 500 bytes)."},
				{Name: "parent_id", Description: "Search only this page and its sub-pages."},
				{Name: "limit", Description: "How many results at most (20 by default, 50 at most)."},
			},
			Response: apidoc.Object{"results": []Result{}}},
	}
}
