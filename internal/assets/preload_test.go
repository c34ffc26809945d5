// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package assets

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// withManifest is built() with a Vite manifest: the entry imports shared.js,
// and the lazily loaded page imports shared.js too, plus editor.js (which
// imports a style sheet of its own) and the entry itself.
func withManifest() fstest.MapFS {
	fsys := built()
	fsys["index.html"] = &fstest.MapFile{Data: []byte("<!doctype html>\n<html>\n  <head>\n    <script type=\"module\" src=\"/assets/app-1a2b3c.js\"></script>\n  </head>\n  <body></body>\n</html>\n")}
	fsys["assets/page-1111.js"] = &fstest.MapFile{Data: []byte("page")}
	fsys["assets/editor-2222.js"] = &fstest.MapFile{Data: []byte("a much larger editor chunk")}
	fsys["assets/shared-3333.js"] = &fstest.MapFile{Data: []byte("shared")}
	fsys[".vite/manifest.json"] = &fstest.MapFile{Data: []byte(`{
	  "index.html": {"file": "assets/app-1a2b3c.js", "isEntry": true, "imports": ["_shared-3333.js"], "css": ["assets/style-9f8e7d.css"]},
	  "_shared-3333.js": {"file": "assets/shared-3333.js"},
	  "_editor-2222.js": {"file": "assets/editor-2222.js", "css": ["assets/editor-4444.css"]},
	  "src/pages/Page.tsx": {"file": "assets/page-1111.js", "isDynamicEntry": true, "imports": ["index.html", "_shared-3333.js", "_editor-2222.js"], "css": ["assets/page-5555.css"]}
	}`)}
	return fsys
}

var pagePath = regexp.MustCompile(`^/page/[^/]+$`)

func TestPageAddressListsThePageFiles(t *testing.T) {
	h := New(withManifest(), PagePreload{Path: pagePath, Source: "src/pages/Page.tsx"})

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/page/42", nil)
	req.Header.Set("Accept-Encoding", "br, gzip")
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "" || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, encoding %q, type %q", rec.Code, rec.Header().Get("Content-Encoding"), rec.Header().Get("Content-Type"))
	}
	if rec.Header().Get("Cache-Control") != cacheRevalidate || rec.Header().Get("ETag") == "" {
		t.Errorf("Cache-Control %q, ETag %q", rec.Header().Get("Cache-Control"), rec.Header().Get("ETag"))
	}
	want := "    <script type=\"module\" src=\"/assets/app-1a2b3c.js\"></script>\n" +
		"    <link rel=\"modulepreload\" crossorigin href=\"/assets/page-1111.js\">\n" +
		"    <link rel=\"modulepreload\" crossorigin href=\"/assets/editor-2222.js\">\n" +
		"    <link rel=\"preload\" as=\"style\" crossorigin href=\"/assets/editor-4444.css\">\n" +
		"    <link rel=\"preload\" as=\"style\" crossorigin href=\"/assets/page-5555.css\">\n" +
		"  </head>\n"
	if !strings.Contains(body, want) {
		t.Errorf("page's index.html:\n%s\nwant the app's script, then the page's files (own chunk first, nothing the entry loads):\n%s", body, want)
	}

	// The same ETag answers 304.
	again := httptest.NewRequest(http.MethodGet, "/page/42", nil)
	again.Header.Set("If-None-Match", rec.Header().Get("ETag"))
	rec2 := httptest.NewRecorder()
	h.ServeHTTP(rec2, again)
	if rec2.Code != http.StatusNotModified {
		t.Errorf("revalidation: %d, want 304", rec2.Code)
	}

	// Other addresses get index.html as built (here, its precompressed copy).
	rec3 := httptest.NewRecorder()
	other := httptest.NewRequest(http.MethodGet, "/elsewhere", nil)
	other.Header.Set("Accept-Encoding", "br")
	h.ServeHTTP(rec3, other)
	if rec3.Body.String() != "BR(index)" {
		t.Errorf("/elsewhere: %q, want the built index.html", rec3.Body.String())
	}
}

func TestPagePreloadWithoutManifest(t *testing.T) {
	// No manifest, a page it does not name, or no index.html: index.html as built.
	for name, fsys := range map[string]fstest.MapFS{"no manifest": built(), "no index": {}} {
		h := New(fsys, PagePreload{Path: pagePath, Source: "src/pages/Page.tsx"})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/page/42", nil))
		if strings.Contains(rec.Body.String(), "modulepreload") {
			t.Errorf("%s: %q", name, rec.Body.String())
		}
	}
	h := New(withManifest(), PagePreload{Path: pagePath, Source: "src/pages/Other.tsx"})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/page/42", nil))
	if strings.Contains(rec.Body.String(), "modulepreload") {
		t.Errorf("unknown page: %q", rec.Body.String())
	}
}
