// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments_test

import (
	"encoding/json"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/doccomments"
)

func TestPlainText(t *testing.T) {
	cases := map[string]string{
		`"  Chiffre à vérifier  "`:                    "Chiffre à vérifier",
		`[{"type":"paragraph","content":"D'accord"}]`: "D'accord",
		`[{"type":"paragraph","content":[{"type":"text","text":"Voir "},{"type":"text","text":"page 2","styles":{"bold":true}}]},{"type":"paragraph","content":[{"type":"text","text":"Merci"}]}]`: "Voir page 2\nMerci",
		`{"not":"text"}`: "",
		`not json`:       "",
	}
	for in, want := range cases {
		if got := doccomments.PlainText(json.RawMessage(in)); got != want {
			t.Errorf("PlainText(%s) = %q; want %q", in, got, want)
		}
	}
}
