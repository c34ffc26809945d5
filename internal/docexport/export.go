// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Export returns docID's content as userID may read it (userID empty: an
// anonymous visitor of a public link), in format f, with the document's
// title.
func (s *Service) Export(ctx context.Context, docID, userID string, f docconv.Format) ([]byte, string, error) {
	d, err := s.docs.Get(ctx, docID, userID)
	if err != nil {
		return nil, "", err
	}
	c, err := s.content.Content(ctx, docID)
	if err != nil {
		return nil, "", fmt.Errorf("docexport: read %q: %w", docID, err)
	}
	doc := withTitle(docconv.Doc{Title: d.Title, Blocks: FromTree(c.XML(Fragment))})
	if s.media != nil && f.Name != "md" {
		budget := int64(maxEmbeddedTotal)
		s.embedMedia(ctx, docID, userID, doc.Blocks, &budget)
	}
	if f.Name == "pdf" {
		select {
		case s.heavy <- struct{}{}:
			defer func() { <-s.heavy }()
		case <-ctx.Done():
			return nil, "", ctx.Err()
		}
	}
	out, err := f.Write(doc)
	if err != nil {
		return nil, "", fmt.Errorf("docexport: %s of %q: %w", f.Name, docID, err)
	}
	return out, d.Title, nil
}

// handleExport serves GET /api/v1/docs/{id}/export?format=md|html|odt|docx|pdf.
func (s *Service) handleExport(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if !ids.Valid(id) {
		return fmt.Errorf("docexport: id: %w", errs.NotFound)
	}
	f, err := docconv.FormatNamed(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	userID := ""
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		userID = p.User.ID
	}
	out, title, err := s.Export(r.Context(), id, userID, f)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", f.MIME)
	h.Set("Content-Length", strconv.Itoa(len(out)))
	h.Set("Content-Disposition", httpx.ContentDisposition("attachment", FileName(title, f.Ext)))
	h.Set("Cache-Control", "private, no-store")
	if f.Name == "html" {
		// Opened in place, the page may show its images and styles but
		// run nothing, whatever it holds.
		h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'")
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(out)
	return nil
}

// FileName makes a download name of a title: no path separators, quotes or
// control characters, at most 100 characters, "document" when empty.
func FileName(title, ext string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r == '/' || r == '\\' || r == '"' || r == ':' || r == '*' || r == '?' || r == '<' || r == '>' || r == '|':
			return '_'
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, title)
	name = strings.Trim(strings.Join(strings.Fields(name), " "), ". ")
	if r := []rune(name); len(r) > 100 {
		name = strings.TrimSpace(string(r[:100]))
	}
	if name == "" {
		name = "document"
	}
	return name + ext
}

// withTitle starts the content with the title as a first-level heading,
// unless it already starts with a heading of that text: the title lives
// in the document record, and a file without it would lose it.
func withTitle(d docconv.Doc) docconv.Doc {
	title := strings.TrimSpace(d.Title)
	if title == "" {
		return d
	}
	if len(d.Blocks) > 0 && d.Blocks[0].Type == docconv.Heading && strings.TrimSpace(docconv.Text(d.Blocks[0].Content)) == title {
		return d
	}
	head := docconv.Block{Type: docconv.Heading, Level: 1, Content: []docconv.Inline{{Text: title}}}
	d.Blocks = append([]docconv.Block{head}, d.Blocks...)
	return d
}
