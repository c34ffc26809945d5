// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/docs"
)

// API describes the export and import routes for the OpenAPI description.
func (s *Service) API() []apidoc.Op {
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/docs/{id}/export", Tag: "Docs",
			Summary:     "Export a document as Markdown, HTML, ODT, DOCX or PDF (a download named after its title)",
			Query:       []apidoc.Param{{Name: "format", Required: true, Description: "md, html, odt, docx or pdf"}},
			ContentType: "application/octet-stream"},
		{Method: "POST", Path: "/api/v1/docs/import", Tag: "Docs",
			Summary: "Import a Markdown, DOCX or ODT file into a new document, optionally under a parent page",
			Upload:  &apidoc.Upload{File: "file", Fields: []string{"parent_id"}},
			Status:  201, Response: docs.Doc{}},
	}
}
