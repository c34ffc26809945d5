// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package web holds the browser interface of Ensemble: a Vite + React app
// whose build output, dist/, is embedded into the binary. In a fresh clone
// dist/ holds only a tracked placeholder file, so the Go build works
// without Node; the asset handler then serves a page explaining how to
// build the interface.
package web

import (
	"embed"
	"io/fs"
)

// dist is the output of `npm run build`; "all:" keeps dist/.gitkeep, the
// file that makes the pattern match in a clone where nothing was built.
//
//go:embed all:dist
var dist embed.FS

// Dist returns the built interface with dist/ as its root: index.html,
// assets/..., favicon.svg, and their precompressed .br and .gz copies.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic("web: " + err.Error()) // cannot happen: "dist" is a valid, embedded path
	}
	return sub
}
