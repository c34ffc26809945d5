// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Mount registers the REST routes under /api/v1/files on mux. They expect
// identity's Authenticate middleware in front. "root" stands for the
// caller's root folder wherever a folder ID is expected.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("GET /api/v1/files/quota", h(s.handleQuota))
	mux.Handle("GET /api/v1/files/trash", h(s.handleTrashList))
	mux.Handle("DELETE /api/v1/files/trash/{id}", h(s.handlePurge))
	mux.Handle("GET /api/v1/files/{id}", h(s.handleGet))
	mux.Handle("PATCH /api/v1/files/{id}", h(s.handleMove))
	mux.Handle("DELETE /api/v1/files/{id}", h(s.handleTrash))
	mux.Handle("GET /api/v1/files/{id}/children", h(s.handleChildren))
	mux.Handle("POST /api/v1/files/{id}/folders", h(s.handleMkdir))
	mux.Handle("PUT /api/v1/files/{id}/children/{name}", h(s.handleUpload))
	mux.Handle("GET /api/v1/files/{id}/content", h(s.handleDownload))
	mux.Handle("GET /api/v1/files/{id}/zip", h(s.handleZip))
	mux.Handle("GET /api/v1/files/{id}/thumbnail", h(s.handleThumbnail))
	mux.Handle("PUT /api/v1/files/{id}/content", h(s.handleUploadVersion))
	mux.Handle("POST /api/v1/files/{id}/copy", h(s.handleCopy))
	mux.Handle("POST /api/v1/files/{id}/restore", h(s.handleRestore))
	mux.Handle("GET /api/v1/files/{id}/versions", h(s.handleVersions))
	mux.Handle("POST /api/v1/files/{id}/versions/{version}/restore", h(s.handleRestoreVersion))
	mux.Handle("PUT /api/v1/admin/users/{id}/drive-quota", h(s.handleSetQuota))
	mux.Handle("GET /api/v1/admin/drive-usage", h(s.handleAllUsage))
	mux.Handle("GET /api/v1/files/shared", h(s.handleShared))
	s.mountTus(mux)
	mux.Handle("GET /api/v1/files/{id}/accesses", h(s.handleAccesses))
	mux.Handle("POST /api/v1/files/{id}/accesses", h(s.handleShare))
	mux.Handle("DELETE /api/v1/files/{id}/accesses/{grant}", h(s.handleUnshare))
	s.mountLinks(mux)
}

// StreamsBody reports whether r is an upload, whose body is bounded by
// the quota rather than by the server's general body limit.
func StreamsBody(r *http.Request) bool {
	switch r.Method {
	case http.MethodPut:
		return strings.HasPrefix(r.URL.Path, "/dav/") || strings.HasPrefix(r.URL.Path, "/api/v1/files/") ||
			strings.HasPrefix(r.URL.Path, "/api/v1/share/")
	case http.MethodPatch:
		return strings.HasPrefix(r.URL.Path, uploadsPath+"/")
	}
	return false
}

// id returns the {id} path value, with "root" resolved.
func (s *Service) id(ctx context.Context, r *http.Request, actor string) (string, error) {
	id := r.PathValue("id")
	if id != "root" {
		return id, nil
	}
	root, err := s.Root(ctx, actor)
	return root.ID, err
}

// caller returns the signed-in user and the {id} of the request.
func (s *Service) caller(r *http.Request) (identity.Principal, string, error) {
	p, err := identity.RequireUser(r)
	if err != nil {
		return p, "", err
	}
	id, err := s.id(r.Context(), r, p.User.ID)
	return p, id, err
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	n, err := s.Get(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, n)
	return nil
}

func (s *Service) handleChildren(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	list, err := s.Children(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (s *Service) handleMkdir(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	var req mkdirRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	n, err := s.Mkdir(r.Context(), p.User.ID, id, req.Name)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, n)
	return nil
}

// putOptions reads the upload's length, type and optional modification
// time (X-Mtime, Unix seconds) from r.
func putOptions(r *http.Request) PutOptions {
	o := PutOptions{Size: r.ContentLength, ContentType: r.Header.Get("Content-Type")}
	if o.ContentType == "application/octet-stream" {
		o.ContentType = "" // clients send it when they do not know: guess from the name
	}
	if v, err := strconv.ParseInt(r.Header.Get("X-Mtime"), 10, 64); err == nil && v > 0 {
		o.ModTime = time.Unix(v, 0)
	}
	return o
}

func (s *Service) handleUpload(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	n, err := s.Put(r.Context(), p.User.ID, id, r.PathValue("name"), r.Body, putOptions(r))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", n.ETag)
	httpx.WriteJSON(w, http.StatusCreated, n)
	return nil
}

func (s *Service) handleUploadVersion(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	if m := r.Header.Get("If-Match"); m != "" {
		cur, err := s.Get(r.Context(), p.User.ID, id)
		if err != nil {
			return err
		}
		if m != cur.ETag && m != "*" {
			return httpx.NewError(http.StatusPreconditionFailed, "precondition_failed", "The file changed since you read it.")
		}
	}
	n, err := s.PutContent(r.Context(), p.User.ID, id, r.Body, putOptions(r))
	if err != nil {
		return err
	}
	w.Header().Set("ETag", n.ETag)
	httpx.WriteJSON(w, http.StatusOK, n)
	return nil
}

func (s *Service) handleDownload(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	n, err := s.Get(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	if n.Dir {
		return errs.Explain(errs.Invalid, "This item is a folder, not a file.")
	}
	disposition := "attachment"
	if r.URL.Query().Get("inline") == "1" {
		disposition = "inline"
	}
	w.Header().Set("Content-Disposition", httpx.ContentDisposition(disposition, n.Name))
	s.ServeContent(w, r, n)
	return nil
}

func (s *Service) handleMove(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	var req moveRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	if req.ParentID == "root" {
		root, err := s.Root(r.Context(), p.User.ID)
		if err != nil {
			return err
		}
		req.ParentID = root.ID
	}
	n, err := s.Move(r.Context(), p.User.ID, id, req.ParentID, req.Name)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, n)
	return nil
}

func (s *Service) handleCopy(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	var req moveRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	if req.ParentID == "root" || req.ParentID == "" {
		if req.ParentID == "" {
			src, err := s.Get(r.Context(), p.User.ID, id)
			if err != nil {
				return err
			}
			req.ParentID = src.ParentID
		} else {
			root, err := s.Root(r.Context(), p.User.ID)
			if err != nil {
				return err
			}
			req.ParentID = root.ID
		}
	}
	n, err := s.Copy(r.Context(), p.User.ID, id, req.ParentID, req.Name, false)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, n)
	return nil
}

func (s *Service) handleTrash(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	if err := s.Trash(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleTrashList(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.TrashList(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list, "retention_days": int(s.opts.TrashRetention.Hours() / 24)})
	return nil
}

func (s *Service) handleRestore(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	n, err := s.Restore(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, n)
	return nil
}

func (s *Service) handlePurge(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	if err := s.Purge(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "drive.purge", Outcome: audit.Success,
		ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "file", TargetID: id})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleVersions(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	list, err := s.Versions(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (s *Service) handleRestoreVersion(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	n, err := s.RestoreVersion(r.Context(), p.User.ID, id, r.PathValue("version"))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, n)
	return nil
}
