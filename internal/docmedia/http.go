// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Mount registers the routes on mux, behind identity's Authenticate;
// downloading the media of a document with a public link needs no sign-in.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("POST /api/v1/docs/{id}/media", h(s.handleUpload))
	mux.Handle("GET /api/v1/docs/{id}/media/{mid}", h(s.handleGet))
}

// pathIDs returns the request's document and media IDs; one that cannot
// be is errs.NotFound.
func pathIDs(r *http.Request, names ...string) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = r.PathValue(n)
		if !ids.Valid(out[i]) {
			return nil, fmt.Errorf("docmedia: %s: %w", n, errs.NotFound)
		}
	}
	return out, nil
}

// handleUpload serves POST /api/v1/docs/{id}/media: a multipart form with
// the field file, streamed to the blob store.
func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	id, err := pathIDs(r, "id")
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return errs.Explain(errs.Invalid, "Send the file as multipart/form-data, in the field \"file\".")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return errs.Explain(errs.Invalid, "file: choose a file to upload.")
		}
		if err != nil {
			return s.formError(err)
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		m, err := s.Upload(r.Context(), p.User.ID, id[0], part.FileName(), part)
		part.Close()
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return s.tooLarge()
		}
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusCreated, m)
		return nil
	}
}

// formError explains a multipart body that could not be read.
func (s *Service) formError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return s.tooLarge()
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return errs.Explain(errs.TooLarge, "The form is too large.")
	}
	return fmt.Errorf("docmedia: read the form: %v: %w", err, errs.Explain(errs.Invalid, "The form could not be read."))
}

// handleGet serves GET (and HEAD) /api/v1/docs/{id}/media/{mid} to whoever
// may read the document, with conditional requests and ranges.
func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathIDs(r, "id", "mid")
	if err != nil {
		return err
	}
	userID := ""
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		userID = p.User.ID
	}
	m, err := s.Get(r.Context(), id[0], id[1], userID)
	if err != nil {
		return err
	}
	c := &content{ctx: r.Context(), s: s, key: key(m.DocID, m.ID), size: m.Size}
	defer c.Close()
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	// User content never runs as part of the app, whatever its type.
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	disposition := "attachment"
	if Inline(m.ContentType) {
		disposition = "inline"
	}
	h.Set("Content-Disposition", httpx.ContentDisposition(disposition, m.Name))
	h.Set("ETag", `"`+m.SHA256+`"`)
	// Private, and checked again on every use: access may be withdrawn.
	h.Set("Cache-Control", "private, no-cache")
	h.Set("Accept-Ranges", "bytes")
	http.ServeContent(w, r, "", m.CreatedAt, c)
	return nil
}

// content reads a blob lazily from any offset, for http.ServeContent: the
// blob store opens a reader at the offset a range asks for.
type content struct {
	ctx  context.Context
	s    *Service
	key  string
	size int64
	pos  int64
	rc   io.ReadCloser
}

func (c *content) Read(p []byte) (int, error) {
	if c.pos >= c.size {
		return 0, io.EOF
	}
	if c.rc == nil {
		rc, _, err := c.s.blobs.Get(c.ctx, c.key, c.pos, -1)
		if err != nil {
			return 0, fmt.Errorf("docmedia: read %q: %w", c.key, err)
		}
		c.rc = rc
	}
	n, err := c.rc.Read(p)
	c.pos += int64(n)
	if errors.Is(err, io.EOF) && c.pos < c.size {
		return n, fmt.Errorf("docmedia: %q ends early: %w", c.key, io.ErrUnexpectedEOF)
	}
	return n, err
}

func (c *content) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += c.pos
	case io.SeekEnd:
		offset += c.size
	}
	if offset < 0 {
		return c.pos, errs.Explain(errs.Invalid, "Negative offset.")
	}
	if offset != c.pos {
		c.Close()
		c.pos = offset
	}
	return c.pos, nil
}

// Close releases the blob reader.
func (c *content) Close() error {
	if c.rc != nil {
		c.rc.Close()
		c.rc = nil
	}
	return nil
}
