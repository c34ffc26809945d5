// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package ids_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/ids"
)

func TestNew(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for i := range 1000 {
		id := ids.New()
		if !ids.Valid(id) || seen[id] {
			t.Fatalf("ID %q invalid or repeated", id)
		}
		seen[id] = true
		if i%100 == 0 {
			if id[:9] < prev[:min(9, len(prev))] {
				t.Fatalf("IDs not time-ordered: %s after %s", id, prev)
			}
			prev = id
			time.Sleep(2 * time.Millisecond)
		}
	}
	for _, bad := range []string{"", "short", strings.Repeat("u", 26), strings.Repeat("0", 27), "../../../../etc/passwd0000"} {
		if ids.Valid(bad) {
			t.Errorf("Valid(%q) = true", bad)
		}
	}
}

func TestSecret(t *testing.T) {
	a, b := ids.Secret("ens_"), ids.Secret("ens_")
	if a == b || !strings.HasPrefix(a, "ens_") || len(a) != 4+52 {
		t.Fatalf("secrets %q %q", a, b)
	}
	if ids.Hash(a) == ids.Hash(b) || len(ids.Hash(a)) != 64 || ids.Hash(a) != ids.Hash(a) {
		t.Fatal("Hash is not a stable SHA-256 hex")
	}
}
