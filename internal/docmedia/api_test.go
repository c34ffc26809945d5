// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia

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
	s := New(nil, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	mux := http.NewServeMux()
	s.Mount(mux)
	wild := regexp.MustCompile(`\{[a-z]+\}`)
	for _, op := range s.API() {
		req := httptest.NewRequest(op.Method, wild.ReplaceAllStringFunc(op.Path, func(string) string { return ids.New() }), nil)
		if _, pattern := mux.Handler(req); pattern != op.Method+" "+op.Path {
			t.Errorf("described %s %s, routed to %q", op.Method, op.Path, pattern)
		}
	}
	if n := len(s.API()); n != 2 {
		t.Errorf("%d operations described; Mount registers 2", n)
	}
}
