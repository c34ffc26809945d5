// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"path"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Format is an export format.
type Format struct {
	// Name is what ?format= takes: md, html, odt, docx, pdf.
	Name string
	// Ext is the file extension, with its dot.
	Ext string
	// MIME is the media type of the file.
	MIME string
	// Write writes a document in this format.
	Write func(Doc) ([]byte, error)
}

// Formats lists the export formats.
func Formats() []Format {
	return []Format{
		{Name: "md", Ext: ".md", MIME: "text/markdown; charset=utf-8", Write: func(d Doc) ([]byte, error) { return Markdown(d), nil }},
		{Name: "html", Ext: ".html", MIME: "text/html; charset=utf-8", Write: func(d Doc) ([]byte, error) { return HTML(d), nil }},
		{Name: "odt", Ext: ".odt", MIME: ODTMIME, Write: ODT},
		{Name: "docx", Ext: ".docx", MIME: DOCXMIME, Write: DOCX},
		{Name: "pdf", Ext: ".pdf", MIME: "application/pdf", Write: PDF},
	}
}

// FormatNamed returns the export format name ("markdown" is md too).
func FormatNamed(name string) (Format, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "markdown" {
		name = "md"
	}
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, errs.Explain(errs.Invalid, "format: one of md, html, odt, docx, pdf.")
}

// MaxImport is the largest file Import reads.
const MaxImport = MaxOffice

// Import reads a file to import, by the extension of its name (.md,
// .markdown, .docx, .odt), and checks that the content is what the name
// claims: a Word document must be one, Markdown must be text.
func Import(name string, data []byte) (Doc, error) {
	ext := strings.ToLower(path.Ext(name))
	var d Doc
	var err error
	switch ext {
	case ".md", ".markdown":
		d, err = ImportMarkdown(data)
	case ".docx":
		d, err = ImportDOCX(data)
	case ".odt":
		d, err = ImportODT(data)
	default:
		return Doc{}, errs.Explain(errs.Invalid, "Only Markdown (.md), Word (.docx) and OpenDocument (.odt) files can be imported.")
	}
	if err != nil {
		return Doc{}, err
	}
	if d.Title == "" {
		d.Title = strings.TrimSuffix(path.Base(strings.ReplaceAll(name, "\\", "/")), path.Ext(name))
	}
	d.Title = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, d.Title))
	if r := []rune(d.Title); len(r) > 200 {
		d.Title = string(r[:200])
	}
	return d, nil
}
