// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"hash/crc32"
	"io"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// rezip copies a zip archive, letting edit change (or drop, with nil) each
// part, and adds the parts of extra.
func rezip(t *testing.T, data []byte, edit func(name string, b []byte) []byte, extra map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if edit != nil {
			b = edit(f.Name, b)
		}
		if b == nil {
			continue
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	for name, b := range extra {
		w, _ := zw.Create(name)
		w.Write(b)
	}
	zw.Close()
	return buf.Bytes()
}

// bomb returns a zip archive whose part name expands to size zero bytes;
// if lie, its header declares only 1,000 bytes.
func bomb(t *testing.T, name string, size int, lie bool) []byte {
	t.Helper()
	var raw bytes.Buffer
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	zeros := make([]byte, 1<<20)
	crc := crc32.NewIEEE()
	for written := 0; written < size; written += len(zeros) {
		fw.Write(zeros)
		crc.Write(zeros)
	}
	fw.Close()
	declared := uint64(size)
	if lie {
		declared = 1000
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range []string{"mimetype", "[Content_Types].xml"} {
		w, _ := zw.Create(part)
		w.Write([]byte(ODTMIME))
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64: uint64(raw.Len()), UncompressedSize64: declared})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestHostileOfficeFiles(t *testing.T) {
	docx, err := DOCX(Doc{Blocks: []Block{{Type: Paragraph, Content: []Inline{{Text: "x", Href: "https://example.org/"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	odt, err := ODT(Doc{Blocks: []Block{{Type: Paragraph, Content: []Inline{{Text: "x", Href: "https://example.org/"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	replace := func(old, new string) func(string, []byte) []byte {
		return func(_ string, b []byte) []byte { return bytes.ReplaceAll(b, []byte(old), []byte(new)) }
	}
	manyParts := map[string][]byte{}
	for i := range maxEntries + 1 {
		manyParts["x/"+strings.Repeat("a", i%50)+string(rune('a'+i%26))+strings.Repeat("b", i/50)] = []byte("x")
	}
	laughs := `<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="` + nsW + `"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`
	for _, c := range []struct {
		name string
		imp  func([]byte) (Doc, error)
		data []byte
		kind error
	}{
		{"markdown named docx", ImportDOCX, []byte("# Title\n\ntext"), errs.Invalid},
		{"pdf named odt", ImportODT, []byte("%PDF-1.7\n..."), errs.Invalid},
		{"odt named docx", ImportDOCX, odt, errs.Invalid},
		{"docx named odt", ImportODT, docx, errs.Invalid},
		{"truncated docx", ImportDOCX, docx[:len(docx)/2], errs.Invalid},
		{"zip bomb in docx", ImportDOCX, bomb(t, "word/document.xml", 200<<20, false), errs.TooLarge},
		{"zip bomb lying about its size", ImportODT, bomb(t, "content.xml", 50<<20, true), errs.TooLarge},
		{"too many parts", ImportDOCX, rezip(t, docx, nil, manyParts), errs.Invalid},
		{"javascript link in docx", ImportDOCX, rezip(t, docx, replace("https://example.org/", "javascript:alert(1)"), nil), errs.Invalid},
		{"javascript link in odt", ImportODT, rezip(t, odt, replace("https://example.org/", "javascript:alert(1)"), nil), errs.Invalid},
		{"macro-enabled docx", ImportDOCX, rezip(t, docx, nil, map[string][]byte{"word/vbaProject.bin": []byte("x")}), errs.Invalid},
		{"entity expansion", ImportDOCX, rezip(t, docx, func(n string, b []byte) []byte {
			if n == "word/document.xml" {
				return []byte(laughs)
			}
			return b
		}, nil), errs.Invalid},
		{"spreadsheet named odt", ImportODT, rezip(t, odt, func(n string, b []byte) []byte {
			if n == "mimetype" {
				return []byte("application/vnd.oasis.opendocument.spreadsheet")
			}
			return b
		}, nil), errs.Invalid},
		{"too large", ImportDOCX, make([]byte, MaxOffice+1), errs.TooLarge},
		{"space bomb in odt", ImportODT, rezip(t, odt, replace("<text:p", strings.Repeat(`<text:p text:style-name="Standard"><text:s text:c="1000"/></text:p>`, 1100)+"<text:p"), nil), errs.TooLarge},
		{"repeated cells in odt", ImportODT, rezip(t, odt, replace("<text:p", `<table:table><table:table-row>`+strings.Repeat(`<table:table-cell table:number-columns-repeated="64"><text:p>x</text:p></table:table-cell>`, 10)+`</table:table-row></table:table>`+"<text:p"), nil), errs.TooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.imp(c.data)
			if !errors.Is(err, c.kind) {
				t.Fatalf("got %v, want %v", err, c.kind)
			}
			var d *errs.Detail
			if !errors.As(err, &d) || d.Message == "" {
				t.Errorf("error %v has no message for the person", err)
			}
		})
	}
}

func TestHostileMarkdown(t *testing.T) {
	for _, c := range []struct {
		name string
		src  string
		kind error
	}{
		{"javascript link", "[click](javascript:alert(1))", errs.Invalid},
		{"javascript link, mixed case", "[click](JaVaScRiPt:alert(1))", errs.Invalid},
		{"javascript link, escaped colon", "[click](javascript&#58;alert(1))", errs.Invalid},
		{"javascript link, reference", "[click][r]\n\n[r]: javascript:alert(1)", errs.Invalid},
		{"javascript autolink", "<javascript:alert(1)>", errs.Invalid},
		{"vbscript link", "[x](vbscript:msgbox)", errs.Invalid},
		{"data link", "[x](data:text/html;base64,PHNjcmlwdD4=)", errs.Invalid},
		{"javascript image", "![x](javascript:alert(1))", errs.Invalid},
		{"script block", "<script>alert(1)</script>", errs.Invalid},
		{"script inline", "text <script>alert(1)</script>", errs.Invalid},
		{"event handler", "text <img src=x onerror=alert(1)>", errs.Invalid},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>", errs.Invalid},
		{"binary", "PK\x03\x04 not markdown", errs.Invalid},
		{"nul bytes", "text\x00text", errs.Invalid},
		{"not utf-8", "caf\xe9", errs.Invalid},
		{"too deep", strings.Repeat(">", 200) + " deep", errs.Invalid},
		{"too deep lists", deepList(100), errs.Invalid},
		{"too many blocks", strings.Repeat("a\n\n", maxBlocks+1), errs.TooLarge},
		{"too large", strings.Repeat("a", MaxMarkdown+1), errs.TooLarge},
		{"too wide a table", strings.Repeat("|a", MaxTableColumns+1) + "|\n" + strings.Repeat("|-", MaxTableColumns+1) + "|\n", errs.TooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ImportMarkdown([]byte(c.src))
			if !errors.Is(err, c.kind) {
				t.Fatalf("got %v, want %v", err, c.kind)
			}
		})
	}
	// Harmless HTML keeps its text; <u> underlines.
	d, err := ImportMarkdown([]byte("<div>kept <b>text</b></div>\n\nsome <u>under</u> <br> and <span>span</span>"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(Markdown(d)), "kept text\n\nsome <u>under</u>&#32;\\\n&#32;and span\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func deepList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}
