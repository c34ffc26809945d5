// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package httpx_test

import (
	"mime"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/httpx"
)

// Every name, hostile ones included, reads back exactly through a standard
// parser, and the ASCII fallback never holds a quote or control character.
func TestContentDisposition(t *testing.T) {
	for _, name := range []string{"report.pdf", "Rapport annuel été.odt", "a\"b\\c.txt", "x\r\nSet-Cookie: y", "100%;=:@,.md", "日本語.docx", "😀.png", "Réunion d'équipe «budget» 100%.odt", "a;b=c.md"} {
		v := httpx.ContentDisposition("attachment", name)
		d, params, err := mime.ParseMediaType(v)
		if err != nil || d != "attachment" || params["filename"] != name {
			t.Errorf("%q → %q → %q %q, %v", name, v, d, params["filename"], err)
		}
		for _, r := range v {
			if r < 0x20 || r > 0x7e {
				t.Errorf("%q is not printable ASCII", v)
				break
			}
		}
	}
	if got := httpx.ContentDisposition("inline", "x.png"); got != `inline; filename="x.png"` {
		t.Errorf("plain ASCII name = %q", got)
	}
}
