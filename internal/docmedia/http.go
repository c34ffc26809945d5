// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/blob"
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
	c := blob.NewReader(r.Context(), s.blobs, key(m.DocID, m.ID), m.Size, m.SHA256, s.log)
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
