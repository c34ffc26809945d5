// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// parts reads every part of an office package.
func parts(t *testing.T, data []byte) ([]*zip.File, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(b)
	}
	return zr.File, out
}

func TestODTPackage(t *testing.T) {
	data, err := ODT(sample())
	if err != nil {
		t.Fatal(err)
	}
	// ODF: the mimetype entry first, stored, with no extra field, so that
	// its content sits at offset 38.
	if got := string(data[30:38]) + string(data[38:38+len(ODTMIME)]); got != "mimetype"+ODTMIME {
		t.Errorf("bytes 30…: %q", got)
	}
	files, p := parts(t, data)
	if files[0].Name != "mimetype" || files[0].Method != zip.Store || len(files[0].Extra) != 0 {
		t.Errorf("first entry %s, method %d, extra %d bytes", files[0].Name, files[0].Method, len(files[0].Extra))
	}
	for _, name := range []string{"content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml", "Pictures/image1.png"} {
		if _, ok := p[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	for _, want := range []string{`full-path="Pictures/image1.png" manifest:media-type="image/png"`, `full-path="/" manifest:version="1.3" manifest:media-type="` + ODTMIME} {
		if !strings.Contains(p["META-INF/manifest.xml"], want) {
			t.Errorf("manifest lacks %s", want)
		}
	}
	c := p["content.xml"]
	for _, want := range []string{
		`<text:h text:style-name="Heading_20_1" text:outline-level="1">Rapport annuel</text:h>`,
		`<text:a xlink:type="simple" xlink:href="https://example.org/page">lien</text:a>`,
		`<text:list text:style-name="L_Number">`, `☑ Fait`, `<table:table-header-rows>`,
		`<text:p text:style-name="Preformatted_20_Text">func main() {<text:line-break/><text:tab/>println(&quot;hi `,
		`<draw:image xlink:href="Pictures/image1.png"`, `Une citation<text:line-break/>sur deux lignes`,
		`style:text-line-through-style="solid"`, `style:text-underline-style="solid"`,
	} {
		if !strings.Contains(c, want) {
			t.Errorf("content.xml lacks %s", want)
		}
	}
	if !strings.Contains(p["meta.xml"], "<dc:title>Rapport annuel</dc:title>") {
		t.Error("meta.xml has no title")
	}
}

func TestDOCXPackage(t *testing.T) {
	data, err := DOCX(sample())
	if err != nil {
		t.Fatal(err)
	}
	_, p := parts(t, data)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
		"word/styles.xml", "word/numbering.xml", "docProps/core.xml", "word/media/image1.png"} {
		if _, ok := p[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	d := p["word/document.xml"]
	for _, want := range []string{
		`<w:pStyle w:val="Heading1"/>`, `<w:pStyle w:val="Quote"/>`, `<w:pStyle w:val="Code"/>`,
		`<w:numPr><w:ilvl w:val="1"/>`, `<w:tblHeader/>`, `<a:blip r:embed="`, `<w:rStyle w:val="CodeChar"/>`,
		`<w:b/>`, `<w:i/>`, `<w:strike/>`, `<w:u w:val="single"/>`, `<w:br/>`,
	} {
		if !strings.Contains(d, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(p["word/_rels/document.xml.rels"], `Target="https://example.org/page" TargetMode="External"`) {
		t.Error("no external hyperlink relationship")
	}
	// Each numbered list restarts at 1: its own numbering instance.
	if strings.Count(p["word/numbering.xml"], "<w:startOverride") < 18 {
		t.Error("numbered lists share one numbering instance")
	}
}
