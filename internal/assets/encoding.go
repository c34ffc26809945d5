// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package assets

import (
	"mime"
	"path"
	"strconv"
	"strings"
)

// negotiate picks the content coding to send among available (in our order
// of preference), given the request's Accept-Encoding header. It returns ""
// when the original should be sent. A coding with q=0 is refused, and "*"
// stands for every coding the header does not name.
func negotiate(acceptEncoding string, available []string) string {
	if acceptEncoding == "" || len(available) == 0 {
		return ""
	}
	named := map[string]float64{}
	star := -1.0
	for _, part := range strings.Split(acceptEncoding, ",") {
		coding, params, _ := strings.Cut(part, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 0 // A malformed weight is safest read as a refusal.
				}
			}
		}
		if coding == "*" {
			star = q
			continue
		}
		if coding == "x-gzip" {
			coding = "gzip"
		}
		named[coding] = q
	}

	best, bestQ := "", 0.0
	for _, enc := range available {
		q, ok := named[enc]
		if !ok {
			q = max(star, 0)
		}
		if q > bestQ { // Strictly greater: ties keep the earlier, preferred coding.
			best, bestQ = enc, q
		}
	}
	return best
}

// contentTypes fixes the types of the files a Vite build produces, so that
// they do not depend on the host's /etc/mime.types.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff":        "font/woff",
	".woff2":       "font/woff2",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".wasm":        "application/wasm",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".pdf":         "application/pdf",
}

// contentType returns the media type of the file name from its extension.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := contentTypes[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}
