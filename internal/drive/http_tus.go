// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// The tus protocol, version 1.0.0 (https://tus.io/protocols/resumable-upload),
// core with the creation and termination extensions, at
// /api/v1/uploads. Upload-Metadata carries "filename" (or "name")
// and "parent_id" (a folder ID or "root", the default).

const tusVersion = "1.0.0"

// uploadsPath is where resumable uploads live.
const uploadsPath = "/api/v1/uploads"

func (s *Service) mountTus(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler {
		return httpx.Handle(s.log, func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Tus-Resumable", tusVersion)
			if r.Method != http.MethodOptions {
				if v := r.Header.Get("Tus-Resumable"); v != tusVersion {
					w.Header().Set("Tus-Version", tusVersion)
					return httpx.NewError(http.StatusPreconditionFailed, "tus_version", "This server speaks tus 1.0.0 (Tus-Resumable: 1.0.0).")
				}
			}
			return f(w, r)
		})
	}
	mux.Handle("OPTIONS "+uploadsPath, h(s.handleTusOptions))
	mux.Handle("POST "+uploadsPath, h(s.handleTusCreate))
	mux.Handle("HEAD "+uploadsPath+"/{upload}", h(s.handleTusHead))
	mux.Handle("PATCH "+uploadsPath+"/{upload}", h(s.handleTusPatch))
	mux.Handle("DELETE "+uploadsPath+"/{upload}", h(s.handleTusDelete))
}

func (s *Service) handleTusOptions(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Tus-Version", tusVersion)
	w.Header().Set("Tus-Extension", "creation,termination")
	if p, err := identity.RequireUser(r); err == nil {
		if u, err := s.Usage(r.Context(), p.User.ID); err == nil {
			w.Header().Set("Tus-Max-Size", strconv.FormatInt(u.Available, 10))
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// tusMetadata decodes Upload-Metadata: "key base64,key base64".
func tusMetadata(h string) (map[string]string, error) {
	m := map[string]string{}
	for pair := range strings.SplitSeq(h, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, " ")
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(v))
		if err != nil {
			return nil, errs.Explain(errs.Invalid, "Upload-Metadata: the value of %q is not base64.", k)
		}
		m[k] = string(b)
	}
	return m, nil
}

func (s *Service) handleTusCreate(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	length, err := strconv.ParseInt(r.Header.Get("Upload-Length"), 10, 64)
	if err != nil {
		return errs.Explain(errs.Invalid, "Upload-Length is required (deferred lengths are not supported).")
	}
	meta, err := tusMetadata(r.Header.Get("Upload-Metadata"))
	if err != nil {
		return err
	}
	name := meta["filename"]
	if name == "" {
		name = meta["name"]
	}
	parent := meta["parent_id"]
	if parent == "" || parent == "root" {
		root, err := s.Root(r.Context(), p.User.ID)
		if err != nil {
			return err
		}
		parent = root.ID
	}
	u, err := s.CreateUpload(r.Context(), p.User.ID, parent, name, length)
	if err != nil {
		return err
	}
	w.Header().Set("Location", uploadsPath+"/"+u.ID)
	w.Header().Set("Upload-Expires", u.Expires.UTC().Format(http.TimeFormat))
	w.WriteHeader(http.StatusCreated)
	return nil
}

func (s *Service) handleTusHead(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	u, err := s.GetUpload(r.Context(), p.User.ID, r.PathValue("upload"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Upload-Offset", strconv.FormatInt(u.Offset, 10))
	h.Set("Upload-Length", strconv.FormatInt(u.Length, 10))
	h.Set("Upload-Expires", u.Expires.UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	return nil
}

func (s *Service) handleTusPatch(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	if r.Header.Get("Content-Type") != "application/offset+octet-stream" {
		return httpx.NewError(http.StatusUnsupportedMediaType, "unsupported_media_type", "A PATCH carries Content-Type: application/offset+octet-stream.")
	}
	offset, err := strconv.ParseInt(r.Header.Get("Upload-Offset"), 10, 64)
	if err != nil {
		return errs.Explain(errs.Invalid, "Upload-Offset is required.")
	}
	u, n, err := s.AppendUpload(r.Context(), p.User.ID, r.PathValue("upload"), offset, r.Body)
	if err != nil {
		return err
	}
	w.Header().Set("Upload-Offset", strconv.FormatInt(u.Offset, 10))
	if n != nil {
		w.Header().Set("Ensemble-File-Id", n.ID)
		w.Header().Set("ETag", n.ETag)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleTusDelete(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	if err := s.CancelUpload(r.Context(), p.User.ID, r.PathValue("upload")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
