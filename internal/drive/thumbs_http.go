// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// handleThumbnail answers GET /api/v1/files/{id}/thumbnail?size=N.
func (s *Service) handleThumbnail(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	size := 256
	if v := r.URL.Query().Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil {
			size = -1
		}
	}
	t, err := s.Thumbnail(r.Context(), p.User.ID, id, size)
	if errors.Is(err, ErrNotImage) {
		return &httpx.Error{Status: http.StatusUnsupportedMediaType, Code: "not_an_image",
			Message: "Thumbnails are made of JPEG, PNG, GIF and WebP images only."}
	}
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("ETag", t.ETag)
	h.Set("Cache-Control", "private, max-age=86400")
	h.Set("X-Content-Type-Options", "nosniff")
	if match := r.Header.Get("If-None-Match"); match != "" && match == t.ETag {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", t.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(t.Data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(t.Data)
	return nil
}
