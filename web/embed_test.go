// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package web

import (
	"io/fs"
	"strings"
	"testing"
)

// The embedded tree always has its tracked placeholder, built or not, and
// when a build is present its entry point references only hashed assets.
func TestDist(t *testing.T) {
	fsys := Dist()
	if _, err := fs.Stat(fsys, ".gitkeep"); err != nil {
		t.Fatalf("dist/.gitkeep missing from the embedded tree: %v", err)
	}
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		t.Skip("web/dist is not built (run `npm run build` in web/); only the placeholder is embedded")
	}
	if !strings.Contains(string(index), `src="/assets/`) {
		t.Errorf("index.html does not load its script from /assets/:\n%s", index)
	}
	if strings.Contains(string(index), "<script>") {
		t.Errorf("index.html has an inline script, which the Content-Security-Policy blocks")
	}
}
