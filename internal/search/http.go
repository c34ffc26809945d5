// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package search

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Subtree lists a page and its sub-pages as a user sees them, for a
// search within them; errs.NotFound if the user cannot read the page.
type Subtree interface {
	Subtree(ctx context.Context, docID, userID string) ([]string, error)
}

// Mount registers GET /api/v1/search on mux, behind identity's
// Authenticate middleware. tree answers searches within sub-pages.
func (s *Service) Mount(mux *http.ServeMux, tree Subtree, log *slog.Logger) {
	mux.Handle("GET /api/v1/search", httpx.Handle(log, func(w http.ResponseWriter, r *http.Request) error {
		return s.handleSearch(w, r, tree)
	}))
}

// maxQuery bounds the query string, in bytes.
const maxQuery = 500

func (s *Service) handleSearch(w http.ResponseWriter, r *http.Request, tree Subtree) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	text := q.Get("q")
	if len(text) > maxQuery {
		return errs.Explain(errs.Invalid, "q: at most %d characters", maxQuery)
	}
	limit := 0
	if l := q.Get("limit"); l != "" {
		if limit, err = strconv.Atoi(l); err != nil || limit < 1 {
			return errs.Explain(errs.Invalid, "limit: a positive number")
		}
	}
	var within map[string]bool
	if parent := q.Get("parent_id"); parent != "" {
		if !ids.Valid(parent) {
			return fmt.Errorf("search: parent_id: %w", errs.NotFound)
		}
		docIDs, err := tree.Subtree(r.Context(), parent, p.User.ID)
		if err != nil {
			return err
		}
		within = make(map[string]bool, len(docIDs))
		for _, id := range docIDs {
			within[id] = true
		}
	}
	results, err := s.Search(r.Context(), p.User.ID, text, limit, within)
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"results": results})
	return nil
}
