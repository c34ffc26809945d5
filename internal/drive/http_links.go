// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// Request bodies of the share link routes.
type (
	linkRequest struct {
		// Reach is public (default) or authenticated.
		Reach string `json:"reach"`
		// Role is reader (default) or, for a folder, editor (uploads).
		Role string `json:"role"`
		// ExpiresAt is when the link stops working (RFC 3339), or null.
		ExpiresAt *time.Time `json:"expires_at"`
		// MaxDownloads is how many full downloads it allows, or null.
		MaxDownloads *int64 `json:"max_downloads"`
		// Password, if not empty, is asked before anything is shown.
		Password string `json:"password"`
	}
	unlockRequest struct {
		Password string `json:"password"`
	}
	// sharedView is what GET /api/v1/share/{token} answers.
	sharedView struct {
		Item  SharedNode   `json:"item"`
		Items []SharedNode `json:"items"`
		// ExpiresAt is when the link stops working, if it does.
		ExpiresAt *time.Time `json:"expires_at,omitempty"`
		// CanUpload tells whether files may be uploaded into the folder
		// (an editor link).
		CanUpload bool `json:"can_upload"`
	}
)

// linkCookie is the name of the cookie that holds an unlocked link.
const linkCookie = "ensemble_link"

// mountLinks registers the share link routes. The /api/v1/share routes
// take anonymous requests: the link decides (decideLink).
func (s *Service) mountLinks(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	mux.Handle("GET /api/v1/files/{id}/links", h(s.handleLinks))
	mux.Handle("POST /api/v1/files/{id}/links", h(s.handleCreateLink))
	mux.Handle("DELETE /api/v1/files/{id}/links/{link}", h(s.handleDeleteLink))
	mux.Handle("GET /api/v1/share/{token}", h(s.handleShareView))
	mux.Handle("GET /api/v1/share/{token}/content", h(s.handleShareContent))
	mux.Handle("GET /api/v1/share/{token}/items/{file}", h(s.handleShareView))
	mux.Handle("GET /api/v1/share/{token}/items/{file}/content", h(s.handleShareContent))
	mux.Handle("POST /api/v1/share/{token}/unlock", h(s.handleUnlock))
	mux.Handle("PUT /api/v1/share/{token}/children/{name}", h(s.handleShareUpload))
	mux.Handle("PUT /api/v1/share/{token}/items/{file}/children/{name}", h(s.handleShareUpload))
}

// linksAPI describes the share link routes for the OpenAPI document.
func (s *Service) linksAPI(tag string) []apidoc.Op {
	view := sharedView{Items: []SharedNode{}}
	return []apidoc.Op{
		{Method: "GET", Path: "/api/v1/files/{id}/links", Tag: tag, Summary: "List the share links of an item (those who may share it)", Response: apidoc.Object{"items": []Link{}}},
		{Method: "POST", Path: "/api/v1/files/{id}/links", Tag: tag, Summary: "Make a share link (public or authenticated; reader, or editor for a folder to take uploads; optional expiry date, download limit, password); the token is in this answer only", Body: linkRequest{}, Status: http.StatusCreated, Response: Link{}},
		{Method: "DELETE", Path: "/api/v1/files/{id}/links/{link}", Tag: tag, Summary: "Delete a share link: its URL stops working", Status: http.StatusNoContent},
		{Method: "GET", Path: "/api/v1/share/{token}", Tag: tag, Summary: "What a share link opens, and a folder's items (no sign-in for a public link; 401 password_required, 410 link_expired)", Response: view},
		{Method: "GET", Path: "/api/v1/share/{token}/content", Tag: tag, Summary: "Download the file of a share link (HTTP Range); a full download counts against max_downloads", ContentType: "application/octet-stream"},
		{Method: "GET", Path: "/api/v1/share/{token}/items/{file}", Tag: tag, Summary: "An item inside a shared folder, and its items if it is a folder", Response: view},
		{Method: "GET", Path: "/api/v1/share/{token}/items/{file}/content", Tag: tag, Summary: "Download a file inside a shared folder (HTTP Range)", ContentType: "application/octet-stream"},
		{Method: "PUT", Path: "/api/v1/share/{token}/children/{name}", Tag: tag, Summary: "Upload the raw request body as a new file {name} into the folder of an editor link (a taken name gets \" (2)\"; counts against the owner's quota; 403 link_read_only for a reader link)", Status: http.StatusCreated, Response: SharedNode{}},
		{Method: "PUT", Path: "/api/v1/share/{token}/items/{file}/children/{name}", Tag: tag, Summary: "Upload a new file into a folder below the folder of an editor link", Status: http.StatusCreated, Response: SharedNode{}},
		{Method: "POST", Path: "/api/v1/share/{token}/unlock", Tag: tag, Summary: "Give a link's password: sets an HttpOnly cookie for this link for an hour (rate limited; 401 wrong_password)", Body: unlockRequest{}, Status: http.StatusNoContent},
	}
}

func (s *Service) handleLinks(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	list, err := s.Links(r.Context(), p.User.ID, id)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"items": list})
	return nil
}

func (s *Service) handleCreateLink(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	var req linkRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	reach := access.Public
	if req.Reach != "" {
		reach = access.Reach(req.Reach)
	}
	l, err := s.CreateLink(r.Context(), p.User.ID, id, LinkOptions{Reach: reach, Role: access.Role(req.Role),
		ExpiresAt: req.ExpiresAt, MaxDownloads: req.MaxDownloads, Password: req.Password})
	if err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "drive.link.create", Outcome: audit.Success,
		ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "file", TargetID: id,
		Details: map[string]any{"link": l.ID, "reach": string(l.Reach), "role": string(l.Role), "password": l.HasPassword}})
	httpx.WriteJSON(w, http.StatusCreated, l)
	return nil
}

func (s *Service) handleDeleteLink(w http.ResponseWriter, r *http.Request) error {
	p, id, err := s.caller(r)
	if err != nil {
		return err
	}
	linkID := r.PathValue("link")
	if err := s.DeleteLink(r.Context(), p.User.ID, id, linkID); err != nil {
		return err
	}
	s.audit.Record(r.Context(), r, audit.Event{Action: "drive.link.delete", Outcome: audit.Success,
		ActorID: p.User.ID, ActorEmail: p.User.Email, TargetType: "file", TargetID: id,
		Details: map[string]any{"link": linkID}})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// visit reads the link request r makes.
func visit(r *http.Request) LinkVisit {
	v := LinkVisit{Token: r.PathValue("token")}
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		v.Viewer = p.User.ID
	}
	if c, err := r.Cookie(linkCookie); err == nil {
		v.Unlock = c.Value
	}
	return v
}

// linkItem returns the link of r and the item it asks for: the link's
// own, or {file} inside it.
func (s *Service) linkItem(r *http.Request) (Link, Node, error) {
	v := visit(r)
	var l Link
	var n Node
	var err error
	if file := r.PathValue("file"); file != "" {
		l, n, err = s.LinkItem(r.Context(), v, file)
	} else {
		l, n, err = s.OpenLink(r.Context(), v)
	}
	return l, n, linkError(err)
}

// linkError gives the link refusals their HTTP status and a code the UI
// recognises.
func linkError(err error) error {
	switch {
	case errors.Is(err, ErrLinkGone):
		return httpx.NewError(http.StatusGone, "link_expired", "This link has expired.")
	case errors.Is(err, ErrLinkPassword):
		return httpx.NewError(http.StatusUnauthorized, "password_required", "This link asks for a password.")
	case errors.Is(err, ErrLinkBadPassword):
		return httpx.NewError(http.StatusUnauthorized, "wrong_password", "Wrong password.")
	case errors.Is(err, ErrLinkReadOnly):
		return httpx.NewError(http.StatusForbidden, "link_read_only", "This link does not let anyone upload.")
	}
	return err
}

func (s *Service) handleShareView(w http.ResponseWriter, r *http.Request) error {
	l, n, err := s.linkItem(r)
	if err != nil {
		return err
	}
	items, err := s.LinkChildren(r.Context(), n)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusOK, sharedView{Item: Shared(n), Items: items, ExpiresAt: l.ExpiresAt,
		CanUpload: n.Dir && l.Role == access.Editor})
	return nil
}

func (s *Service) handleShareContent(w http.ResponseWriter, r *http.Request) error {
	l, n, err := s.linkItem(r)
	if err != nil {
		return err
	}
	if n.Dir {
		return errs.Explain(errs.Invalid, "This item is a folder, not a file.")
	}
	if err := s.downloadable(n); err != nil {
		return err // being scanned or blocked: not counted
	}
	// A download counts when a whole file is asked for; the ranges that
	// resume or seek within it do not.
	if r.Method == http.MethodGet && r.Header.Get("Range") == "" {
		if err := s.CountLinkDownload(r.Context(), l); err != nil {
			return linkError(err)
		}
	}
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", httpx.ContentDisposition("attachment", n.Name))
	s.ServeContent(w, r, n)
	return nil
}

func (s *Service) handleUnlock(w http.ResponseWriter, r *http.Request) error {
	var req unlockRequest
	if err := httpx.DecodeJSON(w, r, &req, 0); err != nil {
		return err
	}
	token := r.PathValue("token")
	l, value, exp, err := s.UnlockLink(r.Context(), token, req.Password, audit.ClientIP(r))
	if errors.Is(err, ErrLinkBadPassword) || errors.Is(err, errs.TooMany) {
		e := audit.Event{Action: "drive.link.unlock", Outcome: audit.Failure, TargetType: "file", TargetID: l.FileID,
			Details: map[string]any{"link": l.ID}}
		if p, ok := identity.PrincipalFrom(r.Context()); ok {
			e.ActorID, e.ActorEmail = p.User.ID, p.User.Email
		}
		s.audit.Record(r.Context(), r, e)
	}
	if err != nil {
		return linkError(err)
	}
	http.SetCookie(w, &http.Cookie{
		Name: linkCookie, Value: value, Path: "/api/v1/share/" + token, Expires: exp, MaxAge: int(unlockTTL.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"),
	})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleShareUpload(w http.ResponseWriter, r *http.Request) error {
	v := visit(r)
	l, n, err := s.LinkUpload(r.Context(), v, r.PathValue("file"), r.PathValue("name"), r.Body, putOptions(r))
	e := audit.Event{Action: "drive.link.upload", Outcome: audit.Success, TargetType: "file", TargetID: n.ID,
		Details: map[string]any{"link": l.ID, "folder": l.FileID, "name": n.Name, "size": n.Size}}
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		e.ActorID, e.ActorEmail = p.User.ID, p.User.Email
	}
	if err != nil {
		if l.ID == "" || !errors.Is(err, ErrLinkReadOnly) {
			return linkError(err) // unknown link, expired, locked, bad name, over quota
		}
		e.Outcome, e.TargetID, e.Details["name"] = audit.Failure, l.FileID, r.PathValue("name")
		s.audit.Record(r.Context(), r, e)
		return linkError(err)
	}
	s.audit.Record(r.Context(), r, e)
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, http.StatusCreated, Shared(n))
	return nil
}
