// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"net/http/httptest"
	"testing"
)

// TestWholeContent checks which Range headers may get the whole content,
// the only answers whose SHA-256 can be checked.
func TestWholeContent(t *testing.T) {
	for _, c := range []struct {
		rng, ifRange string
		whole        bool
	}{
		{"", "", true},
		{"bytes=0-", "", true},
		{"bytes=0-999", "", true},
		{"bytes=0-5000", "", true},
		{"bytes= 0 - ", "", true},
		{"bytes=0-998", "", false},
		{"bytes=1-", "", false},
		{"bytes=-1000", "", false},
		{"bytes=0-10,11-", "", false},
		{"bytes=0-499", `"etag"`, true}, // If-Range may turn it into the whole content
		{"items=0-", "", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if c.rng != "" {
			r.Header.Set("Range", c.rng)
		}
		if c.ifRange != "" {
			r.Header.Set("If-Range", c.ifRange)
		}
		if got := wholeContent(r, 1000); got != c.whole {
			t.Errorf("Range %q If-Range %q: whole = %v, want %v", c.rng, c.ifRange, got, c.whole)
		}
	}
}
