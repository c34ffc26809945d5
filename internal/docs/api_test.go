// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docs

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/ids"
)

// TestAPIDescribesMount: every described operation is a route of Mount
// with that very pattern, and Mount registers nothing undescribed.
func TestAPIDescribesMount(t *testing.T) {
	s := New(nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	mux := http.NewServeMux()
	s.Mount(mux)
	wild := regexp.MustCompile(`\{[a-z]+\}`)
	described := map[string]bool{}
	for _, op := range s.API() {
		req := httptest.NewRequest(op.Method, wild.ReplaceAllStringFunc(op.Path, func(string) string { return ids.New() }), nil)
		if _, pattern := mux.Handler(req); pattern != op.Method+" "+op.Path {
			t.Errorf("described %s %s, routed to %q", op.Method, op.Path, pattern)
		}
		described[op.Method+" "+op.Path] = true
	}
	if len(described) != 21 {
		t.Errorf("%d operations described; Mount registers 21", len(described))
	}
}
