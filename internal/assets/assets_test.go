// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package assets

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

const (
	indexHTML = `<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="root"></div></body></html>`
	appJS     = `console.log("hello from the app");`
)

// built is a file system shaped like web/dist after `npm run build`.
func built() fstest.MapFS {
	return fstest.MapFS{
		".gitkeep":                    {Data: []byte("placeholder")},
		"index.html":                  {Data: []byte(indexHTML)},
		"index.html.br":               {Data: []byte("BR(index)")},
		"index.html.gz":               {Data: []byte("GZ(index)")},
		"favicon.svg":                 {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"assets/app-1a2b3c.js":        {Data: []byte(appJS)},
		"assets/app-1a2b3c.js.br":     {Data: []byte("BR(app)")},
		"assets/app-1a2b3c.js.gz":     {Data: []byte("GZ(app)")},
		"assets/style-9f8e7d.css":     {Data: []byte("body{margin:0}")},
		"assets/style-9f8e7d.css.gz":  {Data: []byte("GZ(style)")},
		"assets/font-4d5e6f.woff2":    {Data: []byte("wOF2")},
		"assets/nested/deep-aaaa.svg": {Data: []byte("<svg/>")},
		"images/logo.png":             {Data: []byte("\x89PNG")},
	}
}

// varyWant says what to expect of the Vary header; the zero value skips the check.
type varyWant int

const (
	yes varyWant = iota + 1 // Vary: Accept-Encoding
	no                      // no Vary header
)

func TestServe(t *testing.T) {
	h := New(built())
	tests := []struct {
		name           string
		method, path   string
		acceptEncoding string
		wantStatus     int
		wantBody       string // exact body; "" means no body (HEAD, 304)
		wantBodyHas    string // substring, when the exact body is not the point
		wantType       string
		wantEncoding   string
		wantCache      string
		vary           varyWant
	}{
		{name: "root is index.html", method: "GET", path: "/", wantStatus: 200, wantBody: indexHTML, wantType: "text/html; charset=utf-8", wantCache: "no-cache", vary: yes},
		{name: "index.html by name", method: "GET", path: "/index.html", wantStatus: 200, wantBody: indexHTML, wantType: "text/html; charset=utf-8", wantCache: "no-cache", vary: yes},
		{name: "client route falls back to index", method: "GET", path: "/docs/123/edit", wantStatus: 200, wantBody: indexHTML, wantType: "text/html; charset=utf-8", wantCache: "no-cache", vary: yes},
		{name: "client route with a dot falls back", method: "GET", path: "/people/jean.dupont", wantStatus: 200, wantBody: indexHTML, wantType: "text/html; charset=utf-8", wantCache: "no-cache"},
		{name: "fallback is compressed too", method: "GET", path: "/settings", acceptEncoding: "gzip, br", wantStatus: 200, wantBody: "BR(index)", wantType: "text/html; charset=utf-8", wantEncoding: "br", wantCache: "no-cache", vary: yes},
		{name: "hashed asset is immutable", method: "GET", path: "/assets/app-1a2b3c.js", wantStatus: 200, wantBody: appJS, wantType: "text/javascript; charset=utf-8", wantCache: "public, max-age=31536000, immutable", vary: yes},
		{name: "brotli preferred when both accepted", method: "GET", path: "/assets/app-1a2b3c.js", acceptEncoding: "gzip, deflate, br, zstd", wantStatus: 200, wantBody: "BR(app)", wantType: "text/javascript; charset=utf-8", wantEncoding: "br", wantCache: "public, max-age=31536000, immutable", vary: yes},
		{name: "gzip when brotli is not accepted", method: "GET", path: "/assets/app-1a2b3c.js", acceptEncoding: "gzip", wantStatus: 200, wantBody: "GZ(app)", wantType: "text/javascript; charset=utf-8", wantEncoding: "gzip", vary: yes},
		{name: "q-values are honoured", method: "GET", path: "/assets/app-1a2b3c.js", acceptEncoding: "br;q=0.5, gzip;q=1.0", wantStatus: 200, wantBody: "GZ(app)", wantEncoding: "gzip", vary: yes},
		{name: "q=0 refuses a coding", method: "GET", path: "/assets/app-1a2b3c.js", acceptEncoding: "br;q=0, gzip;q=0", wantStatus: 200, wantBody: appJS, wantEncoding: "", vary: yes},
		{name: "wildcard accepts brotli", method: "GET", path: "/assets/app-1a2b3c.js", acceptEncoding: "*", wantStatus: 200, wantBody: "BR(app)", wantEncoding: "br", vary: yes},
		{name: "identity only", method: "GET", path: "/assets/app-1a2b3c.js", acceptEncoding: "identity", wantStatus: 200, wantBody: appJS, wantEncoding: "", vary: yes},
		{name: "only gzip variant exists", method: "GET", path: "/assets/style-9f8e7d.css", acceptEncoding: "br, gzip", wantStatus: 200, wantBody: "GZ(style)", wantType: "text/css; charset=utf-8", wantEncoding: "gzip", vary: yes},
		{name: "no variant, no Vary", method: "GET", path: "/assets/font-4d5e6f.woff2", acceptEncoding: "br, gzip", wantStatus: 200, wantBody: "wOF2", wantType: "font/woff2", wantEncoding: "", wantCache: "public, max-age=31536000, immutable", vary: no},
		{name: "nested asset", method: "GET", path: "/assets/nested/deep-aaaa.svg", wantStatus: 200, wantBody: "<svg/>", wantType: "image/svg+xml", wantCache: "public, max-age=31536000, immutable"},
		{name: "non-hashed file outside assets", method: "GET", path: "/favicon.svg", wantStatus: 200, wantBody: `<svg xmlns="http://www.w3.org/2000/svg"/>`, wantType: "image/svg+xml", wantCache: "no-cache", vary: no},
		{name: "png", method: "GET", path: "/images/logo.png", wantStatus: 200, wantType: "image/png", wantCache: "no-cache"},
		{name: "missing asset is a 404", method: "GET", path: "/assets/app-000000.js", wantStatus: 404, wantBodyHas: "not found", wantCache: "no-cache"},
		{name: "assets directory is a 404", method: "GET", path: "/assets/", wantStatus: 404},
		{name: "assets without slash is a 404", method: "GET", path: "/assets", wantStatus: 404},
		{name: "nested assets directory is a 404", method: "GET", path: "/assets/nested", wantStatus: 404},
		{name: "other directory falls back, no listing", method: "GET", path: "/images/", wantStatus: 200, wantBody: indexHTML},
		{name: "unknown API route is JSON", method: "GET", path: "/api/v1/nope", wantStatus: 404, wantBodyHas: `"code":"not_found"`, wantType: "application/json"},
		{name: "API root is JSON", method: "GET", path: "/api", wantStatus: 404, wantBodyHas: `"code":"not_found"`, wantType: "application/json"},
		{name: "traversal stays inside", method: "GET", path: "/../../etc/passwd", wantStatus: 200, wantBody: indexHTML},
		{name: "traversal into assets", method: "GET", path: "/x/../assets/app-1a2b3c.js", wantStatus: 200, wantBody: appJS, wantCache: "public, max-age=31536000, immutable"},
		{name: "traversal out of assets", method: "GET", path: "/assets/../index.html", wantStatus: 200, wantBody: indexHTML, wantCache: "no-cache"},
		{name: "encoded traversal", method: "GET", path: "/%2e%2e/%2e%2e/etc/passwd", wantStatus: 200, wantBody: indexHTML},
		{name: "hidden files are not served", method: "GET", path: "/.gitkeep", wantStatus: 200, wantBody: indexHTML},
		{name: "HEAD has headers and no body", method: "HEAD", path: "/assets/app-1a2b3c.js", wantStatus: 200, wantBody: "", wantType: "text/javascript; charset=utf-8", wantCache: "public, max-age=31536000, immutable", vary: yes},
		{name: "HEAD on a client route", method: "HEAD", path: "/somewhere", wantStatus: 200, wantBody: "", wantType: "text/html; charset=utf-8"},
		{name: "HEAD on the API", method: "HEAD", path: "/api/x", wantStatus: 404, wantBody: "", wantType: "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://ensemble.test"+tt.path, nil)
			if tt.acceptEncoding != "" {
				req.Header.Set("Accept-Encoding", tt.acceptEncoding)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			res := rec.Result()
			body := rec.Body.String()

			if res.StatusCode != tt.wantStatus {
				t.Fatalf("status = %d, want %d (body %q)", res.StatusCode, tt.wantStatus, body)
			}
			if tt.wantBody != "" || tt.method == "HEAD" {
				if body != tt.wantBody {
					t.Errorf("body = %q, want %q", body, tt.wantBody)
				}
			}
			if tt.wantBodyHas != "" && !strings.Contains(body, tt.wantBodyHas) {
				t.Errorf("body = %q, want it to contain %q", body, tt.wantBodyHas)
			}
			if tt.wantType != "" {
				if got := res.Header.Get("Content-Type"); got != tt.wantType {
					t.Errorf("Content-Type = %q, want %q", got, tt.wantType)
				}
			}
			if got := res.Header.Get("Content-Encoding"); got != tt.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tt.wantEncoding)
			}
			if tt.wantCache != "" {
				if got := res.Header.Get("Cache-Control"); got != tt.wantCache {
					t.Errorf("Cache-Control = %q, want %q", got, tt.wantCache)
				}
			}
			if got := res.Header.Get("Vary"); (tt.vary == yes && got != "Accept-Encoding") || (tt.vary == no && got != "") {
				t.Errorf("Vary = %q, want Accept-Encoding only for files with precompressed copies", got)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
		})
	}
}

func TestLengthAndRanges(t *testing.T) {
	h := New(built())
	do := func(acceptEncoding, rangeHeader string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/assets/app-1a2b3c.js", nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		if rangeHeader != "" {
			req.Header.Set("Range", rangeHeader)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	if rec := do("br", ""); rec.Header().Get("Content-Length") != "7" || rec.Body.String() != "BR(app)" {
		t.Errorf("br: Content-Length = %q, body %q; want 7 and the brotli copy", rec.Header().Get("Content-Length"), rec.Body.String())
	}
	if rec := do("br", "bytes=0-1"); rec.Code != http.StatusOK || rec.Body.String() != "BR(app)" {
		t.Errorf("br with Range = %d %q, want the whole compressed copy", rec.Code, rec.Body.String())
	}
	if rec := do("", "bytes=0-6"); rec.Code != http.StatusPartialContent || rec.Body.String() != appJS[:7] {
		t.Errorf("identity with Range = %d %q, want 206 and %q", rec.Code, rec.Body.String(), appJS[:7])
	}
}

func TestAPINotFoundBody(t *testing.T) {
	rec := httptest.NewRecorder()
	New(built()).ServeHTTP(rec, httptest.NewRequest("GET", "/api/v1/missing", nil))
	var got struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatalf("body %q is not JSON: %v", rec.Body.String(), err)
	}
	if got.Error.Code != "not_found" || !strings.Contains(got.Error.Message, "/api/v1/missing") {
		t.Errorf("error = %+v, want code not_found and the path in the message", got.Error)
	}
}

func TestMethods(t *testing.T) {
	h := New(built())
	for _, method := range []string{"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"} {
		for _, path := range []string{"/", "/assets/app-1a2b3c.js", "/client/route", "/api/x"} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
			if rec.Code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s = %d, want 405", method, path, rec.Code)
			}
			if got := rec.Header().Get("Allow"); got != "GET, HEAD" {
				t.Errorf("%s %s: Allow = %q, want %q", method, path, got, "GET, HEAD")
			}
		}
	}
}

func TestETag(t *testing.T) {
	h := New(built())
	get := func(path, acceptEncoding, ifNoneMatch string) *http.Response {
		t.Helper()
		req := httptest.NewRequest("GET", path, nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		if ifNoneMatch != "" {
			req.Header.Set("If-None-Match", ifNoneMatch)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Result()
	}

	plain := get("/", "", "").Header.Get("ETag")
	br := get("/", "br", "").Header.Get("ETag")
	gz := get("/", "gzip", "").Header.Get("ETag")
	if plain == "" || !strings.HasPrefix(plain, `"`) || !strings.HasSuffix(plain, `"`) {
		t.Fatalf("ETag = %q, want a strong quoted tag", plain)
	}
	if plain == br || plain == gz || br == gz {
		t.Errorf("ETags must differ per encoding: identity %s, br %s, gzip %s", plain, br, gz)
	}
	if again := get("/client/route", "", "").Header.Get("ETag"); again != plain {
		t.Errorf("fallback ETag = %s, want the index.html tag %s", again, plain)
	}
	if other := get("/favicon.svg", "", "").Header.Get("ETag"); other == plain {
		t.Errorf("two files share the ETag %s", other)
	}

	res := get("/", "", plain)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the current tag = %d, want 304", res.StatusCode)
	}
	if res := get("/", "br", br); res.StatusCode != http.StatusNotModified || res.Header.Get("Content-Encoding") != "" {
		t.Errorf("If-None-Match with the br tag = %d (Content-Encoding %q), want 304 without an encoding", res.StatusCode, res.Header.Get("Content-Encoding"))
	}
	if res := get("/", "gzip", br); res.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match with another encoding's tag = %d, want 200", res.StatusCode)
	}
	if res := get("/", "", `"stale"`); res.StatusCode != http.StatusOK {
		t.Errorf("If-None-Match with a stale tag = %d, want 200", res.StatusCode)
	}
}

// A fresh clone embeds only dist/.gitkeep: every page is the placeholder,
// and assets and the API still answer 404.
func TestPlaceholder(t *testing.T) {
	h := New(fstest.MapFS{".gitkeep": {Data: []byte("placeholder")}})
	for _, path := range []string{"/", "/index.html", "/docs/1", "/.gitkeep"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		body := rec.Body.String()
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type = %q", path, ct)
		}
		for _, want := range []string{PlaceholderMarker, "make build", "make run", `lang="fr"`, `lang="de"`, "L'interface web n'est pas construite", "Die Weboberfläche ist nicht gebaut"} {
			if !strings.Contains(body, want) {
				t.Errorf("GET %s: placeholder lacks %q", path, want)
			}
		}
		if strings.Contains(body, "<script") {
			t.Errorf("GET %s: placeholder has a script; the CSP forbids inline scripts", path)
		}
		if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("GET %s: Cache-Control = %q, want no-store so that the built UI replaces it at once", path, cc)
		}
	}

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("HEAD", "/", nil))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Errorf("HEAD / = %d with %d body bytes, want 200 and none", rec.Code, rec.Body.Len())
	}
	for path, want := range map[string]int{"/assets/app.js": 404, "/api/v1/shell": 404} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != want {
			t.Errorf("GET %s without a build = %d, want %d", path, rec.Code, want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	both := []string{"br", "gzip"}
	tests := []struct {
		header    string
		available []string
		want      string
	}{
		{"", both, ""},
		{"br", both, "br"},
		{"gzip", both, "gzip"},
		{"x-gzip", both, "gzip"},
		{"GZIP", both, "gzip"},
		{"deflate", both, ""},
		{"gzip, br", both, "br"},
		{"br;q=0.1, gzip;q=0.9", both, "gzip"},
		{"br; q=0.9, gzip; q=0.9", both, "br"},
		{"*", both, "br"},
		{"*;q=0", both, ""},
		{"*, br;q=0", both, "gzip"},
		{"br;q=0", []string{"br"}, ""},
		{"br;q=abc", both, ""},
		{"br;q=2", both, ""},
		{"gzip", []string{"br"}, ""},
		{"br, gzip", nil, ""},
		{" , ;q=1, br", both, "br"},
	}
	for _, tt := range tests {
		if got := negotiate(tt.header, tt.available); got != tt.want {
			t.Errorf("negotiate(%q, %v) = %q, want %q", tt.header, tt.available, got, tt.want)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"index.html":            "text/html; charset=utf-8",
		"assets/a.JS":           "text/javascript; charset=utf-8",
		"assets/a.css":          "text/css; charset=utf-8",
		"site.webmanifest":      "application/manifest+json",
		"assets/f.woff2":        "font/woff2",
		"no-extension":          "application/octet-stream",
		"assets/x.unknownthing": "application/octet-stream",
	} {
		if got := contentType(name); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// Hashed-asset responses must not be cached as immutable when they are
// errors: a 404 for a not-yet-deployed file must not stick for a year.
func TestMissingAssetNotCachedForever(t *testing.T) {
	rec := httptest.NewRecorder()
	New(built()).ServeHTTP(rec, httptest.NewRequest("GET", "/assets/missing-123.js", nil))
	if cc := rec.Header().Get("Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("404 Cache-Control = %q", cc)
	}
}
