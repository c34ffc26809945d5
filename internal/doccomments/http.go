// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"fmt"
	"net/http"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// maxRequest bounds a request's JSON body.
const maxRequest = 64 << 10

// Mount registers the comments and notifications routes on mux, behind
// identity's Authenticate. Reading threads needs no sign-in on a public
// document.
func (s *Service) Mount(mux *http.ServeMux) {
	h := func(f httpx.HandlerFunc) http.Handler { return httpx.Handle(s.log, f) }
	const base = "/api/v1/docs/{id}/threads"
	mux.Handle("GET "+base, h(s.handleList))
	mux.Handle("POST "+base, h(s.handleCreate))
	mux.Handle("POST "+base+"/{tid}/comments", h(s.handleReply))
	mux.Handle("PATCH "+base+"/{tid}/comments/{cid}", h(s.handleEdit))
	mux.Handle("DELETE "+base+"/{tid}/comments/{cid}", h(s.handleDelete))
	mux.Handle("POST "+base+"/{tid}/resolve", h(s.handleResolve(true)))
	mux.Handle("POST "+base+"/{tid}/reopen", h(s.handleResolve(false)))
	mux.Handle("PUT "+base+"/{tid}/comments/{cid}/reactions/{emoji}", h(s.handleReact(true)))
	mux.Handle("DELETE "+base+"/{tid}/comments/{cid}/reactions/{emoji}", h(s.handleReact(false)))
	mux.Handle("GET /api/v1/me/notifications", h(s.handleNotifications))
	mux.Handle("POST /api/v1/me/notifications/{nid}/read", h(s.handleRead))
}

// pathIDs returns the request's path IDs named in names; errs.NotFound
// for IDs that cannot be.
func pathIDs(r *http.Request, names ...string) ([]string, error) {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = r.PathValue(n)
		if !ids.Valid(out[i]) {
			return nil, fmt.Errorf("doccomments: %s: %w", n, errs.NotFound)
		}
	}
	return out, nil
}

// optionalUser returns the signed-in user's ID, or "" for anonymous.
func optionalUser(r *http.Request) string {
	if p, ok := identity.PrincipalFrom(r.Context()); ok {
		return p.User.ID
	}
	return ""
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) error {
	p, err := pathIDs(r, "id")
	if err != nil {
		return err
	}
	list, err := s.List(r.Context(), p[0], optionalUser(r))
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"threads": list})
	return nil
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) error {
	u, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := pathIDs(r, "id")
	if err != nil {
		return err
	}
	var in NewThread
	if err := httpx.DecodeJSON(w, r, &in, maxRequest); err != nil {
		return err
	}
	t, err := s.Create(r.Context(), u.User.ID, p[0], in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, t)
	return nil
}

func (s *Service) handleReply(w http.ResponseWriter, r *http.Request) error {
	u, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := pathIDs(r, "id", "tid")
	if err != nil {
		return err
	}
	var in Message
	if err := httpx.DecodeJSON(w, r, &in, maxRequest); err != nil {
		return err
	}
	c, err := s.Reply(r.Context(), u.User.ID, p[0], p[1], in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, c)
	return nil
}

// commentOf checks that comment cid belongs to thread tid.
func commentOf(c Comment, tid string) error {
	if c.ThreadID != tid {
		return fmt.Errorf("doccomments: comment %q not in %q: %w", c.ID, tid, errs.NotFound)
	}
	return nil
}

func (s *Service) handleEdit(w http.ResponseWriter, r *http.Request) error {
	u, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := pathIDs(r, "id", "tid", "cid")
	if err != nil {
		return err
	}
	var in Message
	if err := httpx.DecodeJSON(w, r, &in, maxRequest); err != nil {
		return err
	}
	if err := s.inThread(r, p); err != nil {
		return err
	}
	c, err := s.Edit(r.Context(), u.User.ID, p[0], p[2], in)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, c)
	return nil
}

// inThread checks that the comment of path IDs p (doc, thread, comment)
// is in that thread of that document.
func (s *Service) inThread(r *http.Request, p []string) error {
	c, err := s.comment(r.Context(), p[0], p[2])
	if err != nil {
		return err
	}
	return commentOf(c, p[1])
}

func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) error {
	u, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := pathIDs(r, "id", "tid", "cid")
	if err != nil {
		return err
	}
	// Permission first, so that outsiders learn nothing of the comment.
	if _, err := s.authorize(r.Context(), p[0], u.User.ID, false); err != nil {
		return err
	}
	if err := s.inThread(r, p); err != nil {
		return err
	}
	if err := s.Delete(r.Context(), u.User.ID, p[0], p[2]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Service) handleResolve(resolved bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := identity.RequireUser(r)
		if err != nil {
			return err
		}
		p, err := pathIDs(r, "id", "tid")
		if err != nil {
			return err
		}
		t, err := s.SetResolved(r.Context(), u.User.ID, p[0], p[1], resolved)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, t)
		return nil
	}
}

func (s *Service) handleReact(on bool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := identity.RequireUser(r)
		if err != nil {
			return err
		}
		p, err := pathIDs(r, "id", "tid", "cid")
		if err != nil {
			return err
		}
		if _, err := s.authorize(r.Context(), p[0], u.User.ID, false); err != nil {
			return err
		}
		if err := s.inThread(r, p); err != nil {
			return err
		}
		c, err := s.React(r.Context(), u.User.ID, p[0], p[2], r.PathValue("emoji"), on)
		if err != nil {
			return err
		}
		httpx.WriteJSON(w, http.StatusOK, c)
		return nil
	}
}

func (s *Service) handleNotifications(w http.ResponseWriter, r *http.Request) error {
	u, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	list, err := s.Notifications(r.Context(), u.User.ID)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"notifications": list})
	return nil
}

func (s *Service) handleRead(w http.ResponseWriter, r *http.Request) error {
	u, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	p, err := pathIDs(r, "nid")
	if err != nil {
		return err
	}
	if err := s.MarkRead(r.Context(), u.User.ID, p[0]); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
