// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"fmt"
	"strings"
	"testing"
)

// bigDoc is a document of about n characters of text: sections with a
// heading, paragraphs with styles and a link, a list and a table.
func bigDoc(n int) Doc {
	words := strings.Fields("le conseil municipal a délibéré sur le budget annuel des écoles et des services publics de la commune")
	var d Doc
	chars := 0
	for s := 0; chars < n; s++ {
		d.Blocks = append(d.Blocks, Block{Type: Heading, Level: 2, Content: []Inline{{Text: fmt.Sprintf("Section %d", s)}}})
		for p := 0; p < 4 && chars < n; p++ {
			var b strings.Builder
			for i := 0; b.Len() < 400; i++ {
				b.WriteString(words[(s+p+i)%len(words)] + " ")
			}
			t := []rune(b.String())
			d.Blocks = append(d.Blocks, Block{Type: Paragraph, Content: []Inline{
				{Text: string(t[:100])}, {Text: string(t[100:150]), Bold: true},
				{Text: string(t[150:200]), Href: "https://example.org/"}, {Text: string(t[200:])},
			}})
			chars += len(t)
		}
		d.Blocks = append(d.Blocks,
			Block{Type: BulletItem, Content: []Inline{{Text: "point un"}}},
			Block{Type: NumberedItem, Content: []Inline{{Text: "point deux"}}},
			Block{Type: Table, Rows: []Row{{Cells: []Cell{{Content: []Inline{{Text: "a"}}}, {Content: []Inline{{Text: "b"}}}}}}},
		)
	}
	return d
}

// BenchmarkExport exports a 100,000-character document to each format
// (BENCHMARKS.md records the figures: time and memory per export).
func BenchmarkExport(b *testing.B) {
	d := bigDoc(100_000)
	for _, f := range Formats() {
		b.Run(f.Name, func(b *testing.B) {
			b.ReportAllocs()
			var size int
			for b.Loop() {
				out, err := f.Write(d)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/file")
		})
	}
}

// BenchmarkImport imports the Markdown, DOCX and ODT of that document.
func BenchmarkImport(b *testing.B) {
	d := bigDoc(100_000)
	docx, _ := DOCX(d)
	odt, _ := ODT(d)
	for name, c := range map[string]struct {
		f    func([]byte) (Doc, error)
		data []byte
	}{"md": {ImportMarkdown, Markdown(d)}, "docx": {ImportDOCX, docx}, "odt": {ImportODT, odt}} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.f(c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
