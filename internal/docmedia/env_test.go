// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/blobenv"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docmedia"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// env is a real document service and media service over one database and
// blob store, served over HTTP; the X-Test-User header says who calls
// (identity's Authenticate is tested elsewhere). alice owns doc, bob reads
// it, carol has no access.
type env struct {
	t     *testing.T
	db    *db.DB
	blobs blob.Store
	docs  *docs.Service
	media *docmedia.Service
	users map[string]identity.User
	doc   string
	url   string
	now   time.Time
}

// each runs fn on SQLite and PostgreSQL, each with a disk and an S3 blob
// store (an in-process S3 server).
func each(t *testing.T, opts docmedia.Options, fn func(t *testing.T, e *env)) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		blobenv.Each(t, func(t *testing.T, b blob.Store) { fn(t, newEnv(t, d, b, opts)) })
	})
}

var userSeq int

func newEnv(t *testing.T, d *db.DB, b blob.Store, opts docmedia.Options) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	au := audit.New(d, log)
	ids := identity.New(d, au, log, identity.Options{})
	ds := docs.New(d, au, log, docs.Options{Users: ids, TrashDays: 30})
	e := &env{t: t, db: d, blobs: b, docs: ds, users: map[string]identity.User{}, now: time.Now()}
	opts.Now = func() time.Time { return e.now }
	e.media = docmedia.New(d, b, ds, log, opts)
	userSeq++
	for _, name := range []string{"alice", "bob", "carol"} {
		u, err := ids.CreateUser(t.Context(), identity.NewUser{Email: name + strings.Repeat("x", userSeq) + "@mairie.fr", Name: name})
		if err != nil {
			t.Fatal(err)
		}
		e.users[name] = u
	}
	doc, err := ds.Create(t.Context(), e.users["alice"].ID, "Rapport")
	if err != nil {
		t.Fatal(err)
	}
	e.doc = doc.ID
	if _, _, err := ds.AddUserAccess(t.Context(), e.users["alice"], doc.ID, e.users["bob"].ID, docs.RoleReader); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	e.media.Mount(mux)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, ok := e.users[r.Header.Get("X-Test-User")]; ok {
			r = r.WithContext(identity.WithPrincipal(r.Context(), identity.Principal{User: u, Via: "session"}))
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	return e
}

// do sends a request as user ("" for anonymous) with extra headers.
func (e *env) do(method, path, user, contentType string, body []byte, headers ...string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequestWithContext(e.t.Context(), method, e.url+path, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if user != "" {
		req.Header.Set("X-Test-User", user)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, out
}

// upload posts a file to docID's media as user and checks the status.
func (e *env) upload(user, docID, name string, data []byte, status int) (docmedia.Media, []byte) {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(data)
	_ = mw.Close()
	resp, out := e.do("POST", "/api/v1/docs/"+docID+"/media", user, mw.FormDataContentType(), body.Bytes())
	if resp.StatusCode != status {
		e.t.Fatalf("upload %q as %q: %d %s, want %d", name, user, resp.StatusCode, out, status)
	}
	var m docmedia.Media
	if status == http.StatusCreated {
		if err := json.Unmarshal(out, &m); err != nil {
			e.t.Fatalf("upload answer %s: %v", out, err)
		}
	}
	return m, out
}

// blobCount counts the media blobs in the store.
func (e *env) blobCount() int {
	e.t.Helper()
	n := 0
	if err := e.blobs.List(e.t.Context(), "docmedia/", func(blob.Info) error { n++; return nil }); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// rowCount counts the media records of docID.
func (e *env) rowCount(docID string) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRowContext(e.t.Context(), `SELECT COUNT(*) FROM doc_media WHERE doc_id = $1`, docID).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// pngOf encodes a w×h PNG image.
func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8(x ^ y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
