// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"net/http"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/apidoc"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
)

// Every described operation is a mounted route, and the description is a
// valid document.
func TestAPIDescription(t *testing.T) {
	s := drive.New(dbtest.SQLite(t), nil, nil, nil, drive.Options{})
	mux := http.NewServeMux()
	s.Mount(mux)
	ops := s.API()
	if _, err := apidoc.Document("Drive", "test", ops); err != nil {
		t.Fatalf("Document: %v", err)
	}
	for _, op := range ops {
		req, _ := http.NewRequest(op.Method, op.Path, nil)
		if _, pattern := mux.Handler(req); pattern != op.Method+" "+op.Path {
			t.Errorf("%s %s is not a route (matched %q)", op.Method, op.Path, pattern)
		}
	}
}
