// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia

import (
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
)

// API describes the routes that Mount registers, for the OpenAPI
// description (internal/server checks it against the real routes).
func (s *Service) API() []apidoc.Op {
	return []apidoc.Op{
		{Method: "POST", Path: "/api/v1/docs/{id}/media", Tag: "Docs",
			Summary: "Upload an image or file into a document (editors; 20 MiB by default); its type is sniffed from its content",
			Upload:  &apidoc.Upload{File: "file"}, Status: http.StatusCreated, Response: Media{}},
		{Method: "GET", Path: "/api/v1/docs/{id}/media/{mid}", Tag: "Docs", Public: true,
			Summary:     "Download an image or file of a document (whoever may read it; without signing in for public links); images are shown in place, other files downloaded; ranges accepted",
			ContentType: "application/octet-stream"},
	}
}
