// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"os"
	"reflect"
	"strings"
	"testing"
)

// withoutLanguages clears code block languages, which ODT and DOCX do not
// keep.
func withoutLanguages(d Doc) Doc {
	var clear func([]Block) []Block
	clear = func(bs []Block) []Block {
		out := make([]Block, len(bs))
		copy(out, bs)
		for i := range out {
			if out[i].Type == CodeBlock {
				out[i].Language = ""
			}
			out[i].Children = clear(out[i].Children)
		}
		return out
	}
	d.Blocks = clear(d.Blocks)
	return d
}

func TestOfficeExportImportRoundTrip(t *testing.T) {
	for _, f := range []struct {
		name string
		exp  func(Doc) ([]byte, error)
		imp  func([]byte) (Doc, error)
	}{{"odt", ODT, ImportODT}, {"docx", DOCX, ImportDOCX}} {
		t.Run(f.name, func(t *testing.T) {
			data, err := f.exp(sample())
			if err != nil {
				t.Fatal(err)
			}
			d, err := f.imp(data)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := string(Markdown(d)), string(Markdown(withoutLanguages(sample()))); got != want {
				t.Errorf("export → import changed the document:\n%s\nwant\n%s", got, want)
			}
			if d.Title != "Rapport annuel" {
				t.Errorf("title %q", d.Title)
			}
		})
	}
}

// blockTypes lists the types of the blocks, children indented.
func blockTypes(bs []Block, indent string) []string {
	var out []string
	for _, b := range bs {
		out = append(out, indent+b.Type)
		out = append(out, blockTypes(b.Children, indent+"  ")...)
	}
	return out
}

func TestImportFilesLibreOfficeWrote(t *testing.T) {
	want := withoutLanguages(sample())
	for name, imp := range map[string]func([]byte) (Doc, error){"libreoffice.odt": ImportODT, "libreoffice.docx": ImportDOCX} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			d, err := imp(data)
			if err != nil {
				t.Fatal(err)
			}
			if got, w := d.PlainText(), want.PlainText(); got != w {
				t.Errorf("text:\n%q\nwant\n%q", got, w)
			}
			if got, w := blockTypes(d.Blocks, ""), blockTypes(want.Blocks, ""); !reflect.DeepEqual(got, w) {
				t.Errorf("blocks:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(w, "\n"))
			}
		})
	}
}

// Word's list styles: "List Bullet" numbers its paragraphs from the style
// (numPr in styles.xml), "List Number" is read by its name.
func TestImportDOCXListStyles(t *testing.T) {
	base, err := DOCX(Doc{Blocks: []Block{{Type: Paragraph, Content: []Inline{{Text: "MARK"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	data := rezip(t, base, func(name string, b []byte) []byte {
		switch name {
		case "word/styles.xml":
			return bytes.Replace(b, []byte("</w:styles>"), []byte(`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/>`+
				`<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`+
				`<w:style w:type="paragraph" w:styleId="ListeNum"><w:name w:val="List Number"/></w:style></w:styles>`), 1)
		case "word/document.xml":
			p := func(style, text string) string {
				return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
			}
			return bytes.Replace(b, []byte(`<w:p w:rsidR="00E1A5B0"><w:r><w:t xml:space="preserve">MARK</w:t></w:r></w:p>`),
				[]byte(p("ListBullet", "puce")+p("ListeNum", "numéro")), 1)
		}
		return b
	}, nil)
	d, err := ImportDOCX(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(Markdown(d)), "- puce\n1. numéro\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
