// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package assets

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// manifestName is where Vite writes its build manifest (build.manifest in
// web/vite.config.ts): for each source module, its output file, the chunks
// it imports and its CSS.
const manifestName = ".vite/manifest.json"

// PagePreload names a page of the app whose code is loaded on demand (a
// dynamic import), and the addresses that show it. When index.html is
// served for such an address, it lists the page's files too (modulepreload
// and style preload links at the end of its head, after the app's own), so
// that the browser fetches and compiles them while it runs the app's first
// file instead of after it. They come after the app's files because a
// browser opens at most six connections to a host: announced first (as
// Link headers would be), they would delay the app itself.
type PagePreload struct {
	// Path matches the addresses of the page, e.g. ^/docs/[^/]+/?$.
	Path *regexp.Regexp
	// Source is the page's module as the manifest names it, e.g. src/pages/DocPage.tsx.
	Source string
}

// manifestChunk is one entry of Vite's manifest.
type manifestChunk struct {
	File    string   `json:"file"`
	Imports []string `json:"imports"`
	CSS     []string `json:"css"`
	IsEntry bool     `json:"isEntry"`
}

// pageIndex is index.html as served for the addresses of one page.
type pageIndex struct {
	path *regexp.Regexp
	html []byte
	etag string
}

// pageIndexes reads the manifest of fsys and returns, for each page,
// index.html with links to the page's JavaScript chunks and style sheets
// that the entry does not already load. A missing or unreadable manifest
// or index.html, or a page the manifest does not name, gives nothing: the
// page still loads, only later.
func pageIndexes(fsys fs.FS, pages []PagePreload) []pageIndex {
	if len(pages) == 0 {
		return nil
	}
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil || !bytes.Contains(index, []byte("</head>")) {
		return nil
	}
	data, err := fs.ReadFile(fsys, manifestName)
	if err != nil {
		return nil
	}
	var manifest map[string]manifestChunk
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil
	}
	// What index.html loads by itself: its entry and everything that imports.
	loaded := map[string]bool{}
	for key, c := range manifest {
		if c.IsEntry {
			closure(manifest, key, loaded)
		}
	}
	var out []pageIndex
	for _, p := range pages {
		if _, ok := manifest[p.Source]; !ok {
			continue
		}
		need := map[string]bool{}
		closure(manifest, p.Source, need)
		var scripts, styles []string
		seenCSS := map[string]bool{}
		for key := range need {
			if loaded[key] {
				continue
			}
			c := manifest[key]
			if strings.HasSuffix(c.File, ".js") {
				scripts = append(scripts, c.File)
			}
			for _, css := range c.CSS {
				if !seenCSS[css] {
					seenCSS[css] = true
					styles = append(styles, css)
				}
			}
		}
		// The page's own chunk first, then the largest: the browser starts
		// the requests in order, and the longest should not come last.
		own := manifest[p.Source].File
		size := func(name string) int64 {
			if info, err := fs.Stat(fsys, name); err == nil {
				return info.Size()
			}
			return 0
		}
		sort.SliceStable(scripts, func(i, j int) bool {
			if (scripts[i] == own) != (scripts[j] == own) {
				return scripts[i] == own
			}
			if a, b := size(scripts[i]), size(scripts[j]); a != b {
				return a > b
			}
			return scripts[i] < scripts[j]
		})
		sort.Strings(styles)
		var links bytes.Buffer
		for _, s := range scripts {
			fmt.Fprintf(&links, "    <link rel=\"modulepreload\" crossorigin href=\"/%s\">\n", html.EscapeString(s))
		}
		for _, s := range styles {
			fmt.Fprintf(&links, "    <link rel=\"preload\" as=\"style\" crossorigin href=\"/%s\">\n", html.EscapeString(s))
		}
		// At the start of the line that closes the head.
		at := bytes.LastIndex(index, []byte("</head>"))
		at = bytes.LastIndexByte(index[:at], '\n') + 1
		page := slices.Concat(index[:at], links.Bytes(), index[at:])
		sum := sha256.Sum256(page)
		out = append(out, pageIndex{path: p.Path, html: page, etag: `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`})
	}
	return out
}

// closure adds key and every chunk it imports, transitively, to set.
func closure(manifest map[string]manifestChunk, key string, set map[string]bool) {
	if set[key] {
		return
	}
	c, ok := manifest[key]
	if !ok {
		return
	}
	set[key] = true
	for _, imp := range c.Imports {
		closure(manifest, imp, set)
	}
}
