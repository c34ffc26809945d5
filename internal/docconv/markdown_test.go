// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import "testing"

func TestMarkdownRoundTrip(t *testing.T) {
	md1 := Markdown(sample())
	d, err := ImportMarkdown(md1)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, md1)
	}
	md2 := Markdown(d)
	if string(md1) != string(md2) {
		t.Fatalf("export → import → export changed the Markdown:\n--- first\n%s\n--- second\n%s", md1, md2)
	}
	if got, want := d.PlainText(), sample().PlainText(); got != want {
		t.Errorf("text after import:\n%q\nwant\n%q", got, want)
	}
	t.Logf("%s", md1)
}
