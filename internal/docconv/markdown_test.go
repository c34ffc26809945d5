// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"os"
	"strings"
	"testing"
)

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

// BlockNote's own Markdown (blocksToMarkdownLossy, testdata/blocknote-export.md)
// imports with its structure, its image included.
func TestImportBlockNoteMarkdown(t *testing.T) {
	src, err := os.ReadFile("testdata/blocknote-export.md")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ImportMarkdown(src)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(blockTypes(d.Blocks, ""), ",")
	want := "heading,paragraph,bulletListItem,  bulletListItem,numberedListItem,checkListItem,codeBlock,quote,table,image"
	if got != want {
		t.Errorf("blocks %s\nwant %s", got, want)
	}
	if img := d.Blocks[len(d.Blocks)-1]; img.Caption != "Un pixel" || img.URL != pixelPNG {
		t.Errorf("image %+v", img)
	}
	if d.Title != "Rapport annuel" || !d.Blocks[4].Checked || d.Blocks[5].Language != "go" {
		t.Errorf("doc %+v", d)
	}
}

// Files from Windows editors: a byte order mark and CRLF line ends.
func TestImportMarkdownFromWindows(t *testing.T) {
	d, err := ImportMarkdown([]byte("\xef\xbb\xbf# Titre\r\n\r\n- a\r\n- b\r\n\r\ntext\r\nmore\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(Markdown(d)), "# Titre\n\n- a\n- b\n\ntext more\n"; got != want || d.Title != "Titre" {
		t.Errorf("got %q (title %q), want %q", got, d.Title, want)
	}
}
