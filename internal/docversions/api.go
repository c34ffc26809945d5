// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// API describes the versions routes for the OpenAPI description.
func (s *Service) API() []apidoc.Op {
	const tag = "Docs"
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/docs/{id}/versions", Tag: tag, Public: true,
			Summary:  "List a document's versions, named and automatic, newest first (readers)",
			Response: apidoc.Object{"versions": []Version{}}},
		{Method: "POST", Path: "/api/v1/docs/{id}/versions", Tag: tag,
			Summary: "Save the current content of a document as a named version (editors)",
			Body:    apidoc.Object{"name": ""}, Status: http.StatusCreated, Response: Version{}},
		{Method: "GET", Path: "/api/v1/docs/{id}/versions/{vid}", Tag: tag, Public: true,
			Summary: "Get a version with its content as Markdown (readers)", Response: View{}},
		{Method: "GET", Path: "/api/v1/docs/{id}/versions/{vid}/changes", Tag: tag, Public: true,
			Summary:  "Compare a version with the current content, block by block then word by word, and list who edited, saved or restored since (readers)",
			Response: Changes{Blocks: []BlockChange{{Words: []Segment{}}}, Authors: []Author{}}},
		{Method: "POST", Path: "/api/v1/docs/{id}/versions/{vid}/restore", Tag: tag,
			Summary:  "Restore a version as a new edit that everyone connected receives, after saving the current content as a version (editors)",
			Response: apidoc.Object{"before": Version{}}},
	}
}
