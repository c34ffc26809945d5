// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docmedia_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/docmedia"
	"github.com/ensemble-suite/ensemble/internal/docs"
)

func TestUploadAndServe(t *testing.T) {
	each(t, docmedia.Options{}, func(t *testing.T, e *env) {
		img := pngOf(t, 40, 30)
		m, _ := e.upload("alice", e.doc, "photo de l’équipe.PNG", img, http.StatusCreated)
		if m.URL != "/api/v1/docs/"+e.doc+"/media/"+m.ID || m.ContentType != "image/png" || m.Size != int64(len(img)) || m.Name != "photo de l’équipe.PNG" {
			t.Fatalf("answer %+v", m)
		}
		sum := sha256.Sum256(img)
		for _, who := range []string{"alice", "bob"} {
			resp, body := e.do("GET", m.URL, who, "", nil)
			if resp.StatusCode != http.StatusOK || !bytes.Equal(body, img) {
				t.Fatalf("%s downloads: %d, %d bytes", who, resp.StatusCode, len(body))
			}
			h := resp.Header
			for k, want := range map[string]string{
				"Content-Type":            "image/png",
				"X-Content-Type-Options":  "nosniff",
				"Content-Security-Policy": "sandbox; default-src 'none'",
				"ETag":                    `"` + hex.EncodeToString(sum[:]) + `"`,
				"Cache-Control":           "private, no-cache",
			} {
				if h.Get(k) != want {
					t.Errorf("%s: %q, want %q", k, h.Get(k), want)
				}
			}
			if d := h.Get("Content-Disposition"); !strings.HasPrefix(d, "inline; ") || !strings.Contains(d, "filename*=UTF-8''photo%20de%20l%E2%80%99%C3%A9quipe.PNG") {
				t.Errorf("Content-Disposition %q", d)
			}
		}
		// Revalidation answers 304 to a reader.
		resp, _ := e.do("GET", m.URL, "bob", "", nil, "If-None-Match", `"`+hex.EncodeToString(sum[:])+`"`)
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: %d", resp.StatusCode)
		}
		// Range.
		resp, body := e.do("GET", m.URL, "bob", "", nil, "Range", "bytes=10-29")
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, img[10:30]) ||
			resp.Header.Get("Content-Range") != "bytes 10-29/"+strconv.Itoa(len(img)) {
			t.Errorf("range: %d %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Range"), len(body))
		}
		resp, body = e.do("GET", m.URL, "bob", "", nil, "Range", "bytes=-5")
		if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, img[len(img)-5:]) {
			t.Errorf("suffix range: %d, %q", resp.StatusCode, body)
		}
		// Outsiders and anonymous visitors see nothing.
		for _, who := range []string{"carol", ""} {
			if resp, _ := e.do("GET", m.URL, who, "", nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%q downloads: %d, want 404", who, resp.StatusCode)
			}
		}
		// The media of a document are not reachable through another one.
		other, err := e.docs.Create(t.Context(), e.users["carol"].ID, "À moi")
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := e.do("GET", "/api/v1/docs/"+other.ID+"/media/"+m.ID, "carol", "", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("through another document: %d", resp.StatusCode)
		}
		// A public link lets anonymous visitors read it.
		pub, reader := "public", "reader"
		if _, err := e.docs.Update(t.Context(), e.users["alice"], e.doc, docs.Patch{LinkReach: &pub, LinkRole: &reader}); err != nil {
			t.Fatal(err)
		}
		if resp, body := e.do("GET", m.URL, "", "", nil); resp.StatusCode != http.StatusOK || !bytes.Equal(body, img) {
			t.Errorf("anonymous on a public link: %d", resp.StatusCode)
		}
		if resp, _ := e.do("HEAD", m.URL, "", "", nil); resp.StatusCode != http.StatusOK || resp.ContentLength != int64(len(img)) {
			t.Errorf("HEAD: %d, %d", resp.StatusCode, resp.ContentLength)
		}
	})
}

func TestUploadRefused(t *testing.T) {
	each(t, docmedia.Options{MaxSize: 64 << 10}, func(t *testing.T, e *env) {
		img := pngOf(t, 8, 8)
		// A reader may not upload; an outsider and anonymous do not see the document.
		if _, out := e.upload("bob", e.doc, "a.png", img, http.StatusForbidden); !bytes.Contains(out, []byte("may not add")) {
			t.Errorf("reader: %s", out)
		}
		e.upload("carol", e.doc, "a.png", img, http.StatusNotFound)
		e.upload("", e.doc, "a.png", img, http.StatusUnauthorized)
		// Too large: a clear message, nothing stored.
		big := append(pngOf(t, 8, 8), bytes.Repeat([]byte{0}, 64<<10)...)
		if _, out := e.upload("alice", e.doc, "big.png", big, http.StatusRequestEntityTooLarge); !bytes.Contains(out, []byte("larger than")) {
			t.Errorf("too large: %s", out)
		}
		// Even past the form's own bound.
		e.upload("alice", e.doc, "bigger.png", bytes.Repeat([]byte("x"), 2<<20), http.StatusRequestEntityTooLarge)
		e.upload("alice", e.doc, "empty.txt", nil, http.StatusBadRequest)
		if resp, _ := e.do("POST", "/api/v1/docs/"+e.doc+"/media", "alice", "application/json", []byte(`{}`)); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("not multipart: %d", resp.StatusCode)
		}
		if n, r := e.blobCount(), e.rowCount(e.doc); n != 0 || r != 0 {
			t.Errorf("after refusals: %d blobs, %d rows", n, r)
		}
	})
}

func TestHostileFile(t *testing.T) {
	each(t, docmedia.Options{}, func(t *testing.T, e *env) {
		page := []byte("<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")
		m, _ := e.upload("alice", e.doc, "../../x.png", page, http.StatusCreated)
		if m.Name != "x.png" || m.ContentType != "text/plain; charset=utf-8" {
			t.Fatalf("answer %+v", m)
		}
		resp, body := e.do("GET", m.URL, "bob", "", nil)
		if resp.StatusCode != http.StatusOK || !bytes.Equal(body, page) {
			t.Fatalf("download: %d", resp.StatusCode)
		}
		if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "html") || ct != "text/plain; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if d := resp.Header.Get("Content-Disposition"); d != `attachment; filename="x.png"` {
			t.Errorf("Content-Disposition %q", d)
		}
		// SVG is never shown in place.
		svg := []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
		m, _ = e.upload("alice", e.doc, "logo.svg", svg, http.StatusCreated)
		resp, _ = e.do("GET", m.URL, "bob", "", nil)
		if ct, d := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); strings.Contains(ct, "svg") || !strings.HasPrefix(d, "attachment") {
			t.Errorf("SVG served as %q, %q", ct, d)
		}
		// A PNG named .html is an image named .png.
		m, _ = e.upload("alice", e.doc, "page.html", pngOf(t, 2, 2), http.StatusCreated)
		if m.Name != "page.png" || m.ContentType != "image/png" {
			t.Errorf("PNG named .html: %+v", m)
		}
	})
}

func TestPurgeAndSweep(t *testing.T) {
	each(t, docmedia.Options{}, func(t *testing.T, e *env) {
		e.upload("alice", e.doc, "a.png", pngOf(t, 4, 4), http.StatusCreated)
		m, _ := e.upload("alice", e.doc, "notes.txt", []byte("bonjour"), http.StatusCreated)
		kept, err := e.docs.Create(t.Context(), e.users["alice"].ID, "Gardé")
		if err != nil {
			t.Fatal(err)
		}
		e.upload("alice", kept.ID, "b.png", pngOf(t, 4, 4), http.StatusCreated)
		alice := e.users["alice"]
		if err := e.docs.Trash(t.Context(), alice, e.doc); err != nil {
			t.Fatal(err)
		}
		// In the trash, its media are out of reach.
		if resp, _ := e.do("GET", m.URL, "alice", "", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("media of a trashed document: %d", resp.StatusCode)
		}
		if err := e.docs.Purge(t.Context(), alice, e.doc); err != nil {
			t.Fatal(err)
		}
		if r, k := e.rowCount(e.doc), e.rowCount(kept.ID); r != 0 || k != 1 {
			t.Errorf("rows after purge: %d of the purged document, %d of the other", r, k)
		}
		// Young blobs are left alone (an upload may be in flight).
		if n, err := e.media.Sweep(t.Context()); err != nil || n != 0 {
			t.Errorf("early sweep: %d, %v", n, err)
		}
		e.now = e.now.Add(2 * time.Hour)
		if n, err := e.media.Sweep(t.Context()); err != nil || n != 2 {
			t.Errorf("sweep: %d, %v", n, err)
		}
		if n := e.blobCount(); n != 1 {
			t.Errorf("%d blobs after sweep, want 1", n)
		}
		if _, typ, err := e.media.ReadAll(t.Context(), kept.ID, mustOnlyMedia(t, e, kept.ID), alice.ID, 1<<20); err != nil || typ != "image/png" {
			t.Errorf("the other document's image: %q, %v", typ, err)
		}
	})
}

// mustOnlyMedia returns the ID of the one medium of docID.
func mustOnlyMedia(t *testing.T, e *env, docID string) string {
	t.Helper()
	var id string
	if err := e.db.QueryRowContext(t.Context(), `SELECT id FROM doc_media WHERE doc_id = $1`, docID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
