// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docmedia"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// BenchmarkUploadAndServe stores a 10 MiB file (SQLite, disk) and serves it
// back over HTTP; B/op shows that neither holds the file in memory.
func BenchmarkUploadAndServe(b *testing.B) {
	d := dbtest.SQLite(b)
	blobs, err := diskblob.New(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	au := audit.New(d, log)
	ids := identity.New(d, au, log, identity.Options{})
	ds := docs.New(d, au, log, docs.Options{})
	u, err := ids.CreateUser(b.Context(), identity.NewUser{Email: "bench@mairie.fr", Name: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	doc, err := ds.Create(b.Context(), u.ID, "Bench")
	if err != nil {
		b.Fatal(err)
	}
	s := docmedia.New(d, blobs, ds, log, docmedia.Options{})
	mux := http.NewServeMux()
	s.Mount(mux)
	data := bytes.Repeat([]byte("0123456789abcdef"), 10<<20/16)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		m, err := s.Upload(b.Context(), u.ID, doc.ID, "data.bin", bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		req := httptest.NewRequestWithContext(b.Context(), "GET", m.URL, nil)
		req = req.WithContext(identity.WithPrincipal(req.Context(), identity.Principal{User: u, Via: "session"}))
		w := &countingWriter{h: http.Header{}}
		mux.ServeHTTP(w, req)
		if w.n != int64(len(data)) {
			b.Fatalf("served %d bytes", w.n)
		}
	}
}

// countingWriter is a ResponseWriter that counts the body's bytes.
type countingWriter struct {
	h http.Header
	n int64
}

func (w *countingWriter) Header() http.Header { return w.h }
func (w *countingWriter) WriteHeader(int)     {}
func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}
