// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package assets serves the built web UI (the dist folder of web/) over
// HTTP: hashed files under assets/ are cached for a year, everything else
// is revalidated; precompressed .br and .gz copies are sent to clients that
// accept them; and every other path falls back to index.html so that the
// client router can handle it. Paths under /api/ and /assets/ never fall
// back: a missing API route or asset is a real 404.
//
// When the file system has no index.html (a fresh clone built without
// Node), a built-in placeholder page tells the operator how to build the UI.
package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cache-Control values. Files under assets/ have a content hash in their
// name, so a new build never reuses a name and browsers may keep them.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// New returns a handler that serves the UI found in fsys, whose root is the
// build output (index.html, assets/...). It answers GET and HEAD only. The
// pages listed have their files announced when index.html is served for one
// of their addresses (see PagePreload).
func New(fsys fs.FS, pages ...PagePreload) http.Handler {
	return &handler{fsys: fsys, pages: pageIndexes(fsys, pages)}
}

type handler struct {
	fsys  fs.FS
	pages []pageIndex
	etags sync.Map // etagKey -> string
}

type etagKey struct {
	name    string
	size    int64
	modTime time.Time
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")

	// path.Clean on a rooted path removes every "..", so the name cannot
	// leave fsys; fs.ValidPath below rejects what remains odd.
	urlPath := path.Clean("/" + r.URL.Path)
	switch {
	case urlPath == "/api" || strings.HasPrefix(urlPath, "/api/"):
		apiNotFound(w, r)
		return
	case urlPath == "/assets" || strings.HasPrefix(urlPath, "/assets/"):
		if !h.serveFile(w, r, strings.TrimPrefix(urlPath, "/")) {
			notFound(w)
		}
		return
	}

	name := strings.TrimPrefix(urlPath, "/")
	if name != "" && h.serveFile(w, r, name) {
		return
	}
	// Not a file: a client route (or "/"), answered by the app itself,
	// with the files of the page it shows announced.
	for _, p := range h.pages {
		if p.path.MatchString(urlPath) {
			hdr := w.Header()
			hdr.Set("Cache-Control", cacheRevalidate)
			hdr.Set("Content-Type", "text/html; charset=utf-8")
			hdr.Set("ETag", p.etag)
			http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(p.html))
			return
		}
	}
	if !h.serveFile(w, r, "index.html") {
		servePlaceholder(w, r)
	}
}

// serveFile sends the regular file name, or a precompressed variant of it,
// and reports whether it did. Directories, hidden files and invalid names
// are not files for this purpose.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string) bool {
	if !fs.ValidPath(name) || name == "." || isHidden(name) {
		return false
	}
	info, err := fs.Stat(h.fsys, name)
	if err != nil || !info.Mode().IsRegular() {
		return false
	}

	hdr := w.Header()
	if strings.HasPrefix(name, "assets/") {
		hdr.Set("Cache-Control", cacheImmutable)
	} else {
		hdr.Set("Cache-Control", cacheRevalidate)
	}
	hdr.Set("Content-Type", contentType(name))

	servedName, encoding := name, ""
	variants := h.variants(name)
	if len(variants) > 0 {
		hdr.Add("Vary", "Accept-Encoding")
		if enc := negotiate(r.Header.Get("Accept-Encoding"), variants); enc != "" {
			servedName, encoding = name+encodings[enc], enc
		}
	}

	f, err := h.fsys.Open(servedName)
	if err != nil {
		if encoding == "" {
			return false
		}
		// The variant vanished between Stat and Open; send the original.
		servedName, encoding = name, ""
		if f, err = h.fsys.Open(name); err != nil {
			return false
		}
	}
	defer f.Close()
	content, err := readSeeker(f)
	if err != nil {
		return false
	}

	if tag, err := h.etag(name, info); err == nil {
		if encoding != "" {
			tag = strings.TrimSuffix(tag, `"`) + "-" + encoding + `"`
		}
		hdr.Set("ETag", tag)
	}
	if encoding != "" {
		hdr.Set("Content-Encoding", encoding)
		// ServeContent sends no Content-Length with a Content-Encoding, so
		// set it here; ranges of a compressed copy are not worth supporting.
		if size, err := content.Seek(0, io.SeekEnd); err == nil {
			if _, err := content.Seek(0, io.SeekStart); err == nil {
				hdr.Set("Content-Length", strconv.FormatInt(size, 10))
				r = r.Clone(r.Context())
				r.Header.Del("Range")
			}
		}
	}
	// ServeContent handles HEAD, Range and If-None-Match (with the ETag set
	// above); a zero modification time leaves Last-Modified out.
	http.ServeContent(w, r, name, time.Time{}, content)
	return true
}

// encodings maps a content coding to the suffix of its precompressed file,
// in order of preference when the client accepts both equally.
var encodings = map[string]string{"br": ".br", "gzip": ".gz"}

var encodingPreference = []string{"br", "gzip"}

// variants lists the content codings for which a precompressed copy of name exists.
func (h *handler) variants(name string) []string {
	var have []string
	for _, enc := range encodingPreference {
		if info, err := fs.Stat(h.fsys, name+encodings[enc]); err == nil && info.Mode().IsRegular() {
			have = append(have, enc)
		}
	}
	return have
}

// etag returns a strong ETag from the content of the original file. It is
// computed once per file version (name, size and modification time), so
// embedded files are hashed once and files on disk again when they change.
func (h *handler) etag(name string, info fs.FileInfo) (string, error) {
	key := etagKey{name, info.Size(), info.ModTime()}
	if tag, ok := h.etags.Load(key); ok {
		return tag.(string), nil
	}
	f, err := h.fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	tag := `"` + base64.RawURLEncoding.EncodeToString(sum.Sum(nil)[:18]) + `"`
	h.etags.Store(key, tag)
	return tag, nil
}

// readSeeker returns f as an io.ReadSeeker, reading it into memory when the
// file system's files cannot seek.
func readSeeker(f fs.File) (io.ReadSeeker, error) {
	if rs, ok := f.(io.ReadSeeker); ok {
		return rs, nil
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(data), nil
}

// isHidden reports whether any element of name starts with a dot, like
// dist/.gitkeep: such files are part of the build tree, not of the site.
func isHidden(name string) bool {
	for _, elem := range strings.Split(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return true
		}
	}
	return false
}

func notFound(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", cacheRevalidate)
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// apiNotFound answers an unknown API path in the API's error format.
func apiNotFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusNotFound)
	if r.Method == http.MethodHead {
		return
	}
	type apiError struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}
	// An error here means the client went away; there is no one to tell.
	_ = json.NewEncoder(w).Encode(struct {
		Error apiError `json:"error"`
	}{apiError{"not_found", "no API endpoint at " + r.URL.Path}})
}
