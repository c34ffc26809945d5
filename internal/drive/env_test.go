// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/blobenv"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// env is a drive service over a real database and blob store, with two
// users.
type env struct {
	s      *drive.Service
	db     *db.DB
	blobs  blob.Store
	alice  string
	bob    string
	now    time.Time
	policy drive.Options
}

// each runs fn on SQLite and PostgreSQL, each with a disk and an S3 blob
// store (an in-process S3 server).
func each(t *testing.T, opts drive.Options, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		blobenv.Each(t, func(t *testing.T, b blob.Store) { fn(t, newEnv(t, d, b, opts)) })
	})
}

var userSeq int

func newEnv(t *testing.T, d *db.DB, b blob.Store, opts drive.Options) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a := audit.New(d, log)
	ids := identity.New(d, a, log, identity.Options{})
	e := &env{db: d, blobs: b, now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
	userSeq++
	for _, name := range []string{"alice", "bob"} {
		u, err := ids.CreateUser(t.Context(), identity.NewUser{Email: name + strings.Repeat("x", userSeq) + "@example.org", Name: name})
		if err != nil {
			t.Fatal(err)
		}
		if name == "alice" {
			e.alice = u.ID
		} else {
			e.bob = u.ID
		}
	}
	opts.Now = func() time.Time { return e.now }
	e.policy = opts
	e.s = drive.New(d, b, a, log, opts)
	return e
}

func (e *env) root(t *testing.T, user string) drive.Node {
	t.Helper()
	r, err := e.s.Root(t.Context(), user)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (e *env) put(t *testing.T, parent, name, content string) drive.Node {
	t.Helper()
	n, err := e.s.Put(t.Context(), e.alice, parent, name, strings.NewReader(content), drive.PutOptions{Size: int64(len(content))})
	if err != nil {
		t.Fatalf("Put %q: %v", name, err)
	}
	return n
}

func (e *env) read(t *testing.T, id string) string {
	t.Helper()
	_, c, err := e.s.Open(t.Context(), e.alice, id)
	if err != nil {
		t.Fatalf("Open %s: %v", id, err)
	}
	defer c.Close()
	b, err := io.ReadAll(c)
	if err != nil {
		t.Fatalf("read %s: %v", id, err)
	}
	return string(b)
}

// blobCount counts the drive's blobs in the store.
func (e *env) blobCount(t *testing.T) int {
	t.Helper()
	n := 0
	if err := e.blobs.List(context.Background(), "drive/", func(blob.Info) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// failingReader gives n bytes, then fails, as a client that goes away.
type failingReader struct{ n int }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	k := min(len(p), f.n)
	copy(p, bytes.Repeat([]byte("z"), k))
	f.n -= k
	return k, nil
}
