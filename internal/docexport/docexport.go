// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package docexport serves the export of a document's content (from the
// Yjs document of the collaboration engine) to Markdown, HTML, ODT, DOCX
// and PDF, and the import of Markdown, DOCX and ODT files into new
// documents. The conversions live in package docconv; this package reads
// and writes BlockNote's XML tree through collab's content API and asks
// the document record's permission function who may do what.
package docexport

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Docs is what export and import need of the document records:
// *docs.Service. Get applies the one permission function (errs.NotFound
// to whoever may not read the document).
type Docs interface {
	Get(ctx context.Context, docID, userID string) (docs.Doc, error)
	CreateUnder(ctx context.Context, ownerID, parentID, title string) (docs.Doc, error)
	Trash(ctx context.Context, actor identity.User, docID string) error
	Purge(ctx context.Context, actor identity.User, docID string) error
}

// Content reads and writes document content: *collab.Service.
type Content interface {
	Content(ctx context.Context, docID string) (*collab.Content, error)
	Edit(ctx context.Context, docID string, fn func(tx *collab.EditTx) error) error
}

var (
	_ Docs    = (*docs.Service)(nil)
	_ Content = (*collab.Service)(nil)
)

// Service serves export and import.
type Service struct {
	docs    Docs
	content Content
	audit   *audit.Log
	log     *slog.Logger
	media   Media
	// heavy bounds the PDF exports running at once: each parses its fonts
	// and allocates about a hundred megabytes.
	heavy chan struct{}
}

// heavyAtOnce is how many PDF exports run at once on one node.
const heavyAtOnce = 2

// New returns the export and import service.
func New(d Docs, c Content, a *audit.Log, log *slog.Logger) *Service {
	return &Service{docs: d, content: c, audit: a, log: log, heavy: make(chan struct{}, heavyAtOnce)}
}

// Mount registers the routes on mux, behind identity's Authenticate.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("GET /api/v1/docs/{id}/export", h(s.handleExport))
	mux.Handle("POST /api/v1/docs/import", h(s.handleImport))
}
