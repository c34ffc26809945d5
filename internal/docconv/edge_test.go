// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestExportsOddContent exports content that breaks naive writers: emoji
// (fpdf cannot index them), control characters (XML cannot hold them),
// words longer than a line, a table of 60 columns, levels out of range. Every
// format must succeed, and the XML parts of ODT and DOCX must be well-formed.
func TestExportsOddContent(t *testing.T) {
	var cells []Cell
	for i := 0; i < 60; i++ {
		cells = append(cells, Cell{Content: []Inline{{Text: strings.Repeat("W", 30)}}})
	}
	d := Doc{Title: "t", Blocks: []Block{
		{Type: Paragraph, Content: []Inline{{Text: "emoji 😀 🇫🇷 control \x00\x01\x1b\r tab\t rtl שלום عربي cjk 漢字 \uFFFD zero\u200bwidth"}}},
		{Type: Paragraph, Content: []Inline{{Text: strings.Repeat("x", 5000), Bold: true}}},
		{Type: Table, Rows: []Row{{Cells: cells}, {Cells: cells[:3]}}},
		{Type: CodeBlock, Content: []Inline{{Text: strings.Repeat("y", 3000) + "\n\n\t\x00"}}},
		{Type: Heading, Level: 9, Content: []Inline{{Text: strings.Repeat("long heading ", 200)}}},
		{Type: BulletItem, Content: []Inline{{Text: "deep"}}, Children: []Block{{Type: BulletItem, Content: []Inline{{Text: "deeper"}}}}},
		{Type: Image, URL: pixelPNG, Caption: "c"},
		{Type: Quote, Content: []Inline{{Text: strings.Repeat("quote ", 2000)}}},
	}}
	for i := 0; i < 25; i++ {
		d.Blocks = append(d.Blocks, Block{Type: Paragraph, Content: []Inline{{Text: "x"}}}, Block{Type: BulletItem, Content: []Inline{{Text: "y"}}, Children: d.Blocks[5:6]})
	}
	for _, f := range Formats() {
		out, err := f.Write(d)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		if f.Name == "odt" || f.Name == "docx" {
			checkWellFormed(t, f.Name, out)
		}
	}
}

// checkWellFormed parses every XML part of an office package.
func checkWellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") {
			continue
		}
		rc, _ := f.Open()
		dec := xml.NewDecoder(rc)
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s %s: %v", name, f.Name, err)
				break
			}
		}
		rc.Close()
	}
}

// TestExportsLongContent exports blocks of 100,000 lines or characters:
// writers whose time grows with the square of a block's length (fpdf does,
// for one write call) would make this test run for minutes.
func TestExportsLongContent(t *testing.T) {
	const n = 100_000
	d := Doc{Blocks: []Block{
		{Type: Paragraph, Content: []Inline{{Text: strings.Repeat("a\n", n)}}},
		{Type: Paragraph, Content: []Inline{{Text: strings.Repeat("mot ", n/4), Bold: true}}},
		{Type: CodeBlock, Content: []Inline{{Text: strings.Repeat("x", n) + "\n" + strings.Repeat("ab\n", n/10)}}},
		{Type: Table, Rows: []Row{{Cells: []Cell{{Content: []Inline{{Text: strings.Repeat("cellule ", n/8)}}}}}}},
	}}
	for _, f := range Formats() {
		if _, err := f.Write(d); err != nil {
			t.Errorf("%s: %v", f.Name, err)
		}
	}
	if _, err := ImportMarkdown(Markdown(d)); err != nil {
		t.Error(err)
	}
}
