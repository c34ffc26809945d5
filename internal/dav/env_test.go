// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/dav"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// env is a real WebDAV server over a real database and blob store, with
// one user and a personal access token.
type env struct {
	srv   *httptest.Server
	drive *drive.Service
	email string
	token string
	user  identity.User
	ids   *identity.Service
	blobs blob.Store
}

func newEnv(t testing.TB, d *db.DB, blobs blob.Store, opts drive.Options) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	a := audit.New(d, log)
	ids := identity.New(d, a, log, identity.Options{Argon2: identity.Argon2Params{Time: 1, Memory: 64, Threads: 1}})
	u, err := ids.CreateUser(t.Context(), identity.NewUser{Email: "dav@example.org", Name: "Dav User"})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	_, secret, err := ids.CreateToken(t.Context(), u.ID, "webdav", 0)
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if blobs == nil {
		blobs, err = diskblob.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
	}
	dr := drive.New(d, blobs, a, log, opts)
	mux := http.NewServeMux()
	dav.New(d, dr, ids, log).Mount(mux)
	srv := httptest.NewServer(ids.Authenticate(mux))
	t.Cleanup(srv.Close)
	return &env{srv: srv, drive: dr, email: u.Email, token: secret, user: u, ids: ids, blobs: blobs}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p))
	return len(p), nil
}

func sqliteEnv(t testing.TB) *env { return newEnv(t, dbtest.SQLite(t), nil, drive.Options{}) }
