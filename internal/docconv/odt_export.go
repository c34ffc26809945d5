// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// ODTMIME is the media type of an OpenDocument text.
const ODTMIME = "application/vnd.oasis.opendocument.text"

// Check list marks, written before the text of check list items in ODT,
// DOCX and PDF (which have no check list of their own).
const (
	checkedMark   = "☑ "
	uncheckedMark = "☐ "
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ` +
	`xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" ` +
	`xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ` +
	`xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ` +
	`xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" ` +
	`xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" ` +
	`xmlns:xlink="http://www.w3.org/1999/xlink" ` +
	`xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
	`xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" ` +
	`xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3"`

// ODT writes d as an OpenDocument text (ODF 1.3): the mimetype entry first
// and uncompressed, content, styles, metadata, the manifest, and the
// images of data: URLs embedded under Pictures/.
func ODT(d Doc) ([]byte, error) {
	w := &odtWriter{styles: map[string]string{}}
	w.blocks(d.Blocks, 0)
	content := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<office:document-content " + odfNS + ">" +
		`<office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/>` +
		`<style:font-face style:name="DejaVu Sans Mono" svg:font-family="'DejaVu Sans Mono'" style:font-pitch="fixed"/></office:font-face-decls>` +
		"<office:automatic-styles>" + w.automaticStyles() + "</office:automatic-styles>" +
		"<office:body><office:text>" + w.b.String() + "</office:text></office:body></office:document-content>"
	meta := `<?xml version="1.0" encoding="UTF-8"?>` + "\n<office:document-meta " + odfNS + "><office:meta>" +
		"<meta:generator>Ensemble</meta:generator><dc:title>" + xmlText(d.Title) + "</dc:title></office:meta></office:document-meta>"
	var manifest strings.Builder
	manifest.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="` + ODTMIME + `"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>` +
		`<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>`)
	entries := []zipEntry{{name: "mimetype", data: []byte(ODTMIME), stored: true}}
	for _, p := range w.pictures {
		manifest.WriteString(`<manifest:file-entry manifest:full-path="` + p.name + `" manifest:media-type="` + p.MIME + `"/>`)
	}
	manifest.WriteString("</manifest:manifest>")
	entries = append(entries,
		zipEntry{name: "content.xml", data: []byte(content)},
		zipEntry{name: "styles.xml", data: []byte(odtStyles())},
		zipEntry{name: "meta.xml", data: []byte(meta)},
		zipEntry{name: "META-INF/manifest.xml", data: []byte(manifest.String())},
	)
	for _, p := range w.pictures {
		entries = append(entries, zipEntry{name: p.name, data: p.Data, stored: true})
	}
	return writeZip(entries)
}

type namedPicture struct {
	Picture
	name string
}

type odtWriter struct {
	b        strings.Builder
	styles   map[string]string // style key → automatic text style name
	pictures []namedPicture
	tables   int
	deferred []Block // tables met inside list items, written after the list
	space    bool    // the paragraph so far ends with a space (or is empty)
}

func (w *odtWriter) blocks(bs []Block, depth int) {
	for i := 0; i < len(bs); {
		if isList(bs[i].Type) {
			j := i
			for j < len(bs) && listKind(bs[j].Type) == listKind(bs[i].Type) {
				j++
			}
			w.list(bs[i:j], depth)
			if depth == 0 {
				for _, t := range w.deferred {
					w.block(t, 0)
				}
				w.deferred = nil
			}
			i = j
			continue
		}
		w.block(bs[i], depth)
		w.blocks(bs[i].Children, depth)
		i++
	}
}

// listStyle is the list style of a list kind, defined in styles.xml.
func listStyle(kind string) string {
	switch kind {
	case "ol":
		return "L_Number"
	case "check":
		return "L_Check"
	}
	return "L_Bullet"
}

func (w *odtWriter) list(items []Block, depth int) {
	w.b.WriteString(`<text:list text:style-name="` + listStyle(listKind(items[0].Type)) + `">`)
	for _, it := range items {
		w.b.WriteString(`<text:list-item><text:p text:style-name="List_20_Paragraph">`)
		w.space = true
		if it.Type == CheckItem {
			if it.Checked {
				w.b.WriteString(checkedMark)
			} else {
				w.b.WriteString(uncheckedMark)
			}
		}
		w.inline(it.Content)
		w.b.WriteString("</text:p>")
		for i := 0; i < len(it.Children); {
			c := it.Children[i]
			switch {
			case isList(c.Type):
				j := i
				for j < len(it.Children) && listKind(it.Children[j].Type) == listKind(c.Type) {
					j++
				}
				w.list(it.Children[i:j], depth+1)
				i = j
				continue
			case c.Type == Table:
				w.deferred = append(w.deferred, c)
			default:
				w.block(Block{Type: c.Type, Level: c.Level, Language: c.Language, URL: c.URL, Name: c.Name,
					Caption: c.Caption, Content: c.Content, Checked: c.Checked}, depth+1)
				if len(c.Children) > 0 {
					w.deferred = append(w.deferred, c.Children...)
				}
			}
			i++
		}
		w.b.WriteString("</text:list-item>")
	}
	w.b.WriteString("</text:list>")
}

func (w *odtWriter) para(style string, runs []Inline) {
	w.b.WriteString(`<text:p text:style-name="` + style + `">`)
	w.space = true
	w.inline(runs)
	w.b.WriteString("</text:p>")
}

func (w *odtWriter) block(b Block, depth int) {
	switch b.Type {
	case Heading:
		lvl := strconv.Itoa(min(max(b.Level, 1), MaxHeadingLevel))
		w.b.WriteString(`<text:h text:style-name="Heading_20_` + lvl + `" text:outline-level="` + lvl + `">`)
		w.space = true
		w.inline(b.Content)
		w.b.WriteString("</text:h>")
	case CodeBlock:
		w.b.WriteString(`<text:p text:style-name="Preformatted_20_Text">`)
		w.space = true
		w.text(Text(b.Content))
		w.b.WriteString("</text:p>")
	case Quote:
		w.para("Quotations", b.Content)
	case Callout:
		w.para(calloutStyleODT(b.Kind), b.Content)
	case Table:
		if depth > 0 {
			w.deferred = append(w.deferred, b)
			return
		}
		w.table(b.Rows)
	case Divider:
		w.b.WriteString(`<text:p text:style-name="Horizontal_20_Line"/>`)
	case Image:
		if p, ok := picture(b.URL); ok {
			np := namedPicture{Picture: p, name: fmt.Sprintf("Pictures/image%d.%s", len(w.pictures)+1, p.Ext)}
			w.pictures = append(w.pictures, np)
			cw, ch := p.fitCM(16)
			fmt.Fprintf(&w.b, `<text:p text:style-name="Standard"><draw:frame draw:name="Image%d" text:anchor-type="as-char" svg:width="%.2fcm" svg:height="%.2fcm" draw:z-index="0">`+
				`<draw:image xlink:href="%s" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad" draw:mime-type="%s"/></draw:frame></text:p>`,
				len(w.pictures), cw, ch, np.name, p.MIME)
			if b.Caption != "" {
				w.para("Caption", []Inline{{Text: b.Caption}})
			}
			return
		}
		w.para("Caption", mediaLink(b))
	case File, Video, Audio:
		w.para("Standard", mediaLink(b))
	default:
		w.para("Standard", b.Content)
	}
}

// mediaLink is the text shown for a file, or an image that is not
// embedded: its label, linked to it when the address is safe.
func mediaLink(b Block) []Inline {
	label := mediaLabel(b)
	if b.Type == Image {
		label = "[" + label + "]"
	}
	r := Inline{Text: label}
	if u, ok := SafeURL(b.URL); ok {
		r.Href = u
	}
	return []Inline{r}
}

func (w *odtWriter) table(rows []Row) {
	n := Columns(rows)
	if n == 0 {
		return
	}
	w.tables++
	fmt.Fprintf(&w.b, `<table:table table:name="Table%d" table:style-name="Tbl"><table:table-column table:style-name="TblCol" table:number-columns-repeated="%d"/>`, w.tables, n)
	for i, r := range rows {
		header := i == 0 && len(r.Cells) > 0 && r.Cells[0].Header
		if header {
			w.b.WriteString("<table:table-header-rows>")
		}
		w.b.WriteString("<table:table-row>")
		for c := 0; c < n; c++ {
			cell := Cell{}
			if c < len(r.Cells) {
				cell = r.Cells[c]
			}
			style := "Table_20_Contents"
			if cell.Header {
				style = "Table_20_Heading"
			}
			w.b.WriteString(`<table:table-cell table:style-name="TblCell" office:value-type="string">`)
			w.para(style, cell.Content)
			w.b.WriteString("</table:table-cell>")
		}
		w.b.WriteString("</table:table-row>")
		if header {
			w.b.WriteString("</table:table-header-rows>")
		}
	}
	w.b.WriteString("</table:table>")
}

// inline writes runs as spans, inside links where they have one.
func (w *odtWriter) inline(runs []Inline) {
	runs = Normalize(runs)
	for i := 0; i < len(runs); {
		href, ok := SafeURL(runs[i].Href)
		if !ok || runs[i].Href == "" {
			w.span(runs[i])
			i++
			continue
		}
		w.b.WriteString(`<text:a xlink:type="simple" xlink:href="` + xmlText(href) + `">`)
		for i < len(runs) && runs[i].Href == href {
			w.span(runs[i])
			i++
		}
		w.b.WriteString("</text:a>")
	}
}

func (w *odtWriter) span(r Inline) {
	k := styleKey(r)
	if k == "" {
		w.text(r.Text)
		return
	}
	name, ok := w.styles[k]
	if !ok {
		name = "T_" + k
		w.styles[k] = name
	}
	w.b.WriteString(`<text:span text:style-name="` + name + `">`)
	w.text(r.Text)
	w.b.WriteString("</text:span>")
}

// text writes characters, keeping runs of spaces, tabs and line breaks,
// which ODF would otherwise collapse.
func (w *odtWriter) text(s string) {
	space := w.space
	defer func() { w.space = space }()
	for _, r := range xmlText(s) {
		switch r {
		case ' ':
			if space {
				w.b.WriteString("<text:s/>")
			} else {
				w.b.WriteByte(' ')
			}
			space = true
			continue
		case '\t':
			w.b.WriteString("<text:tab/>")
		case '\n':
			w.b.WriteString("<text:line-break/>")
		default:
			w.b.WriteRune(r)
		}
		space = false
	}
}

// automaticStyles defines the text styles used, and the table styles.
func (w *odtWriter) automaticStyles() string {
	var b strings.Builder
	keys := make([]string, 0, len(w.styles))
	for k := range w.styles {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.WriteString(`<style:style style:name="` + w.styles[k] + `" style:family="text"><style:text-properties`)
		for _, c := range k {
			switch c {
			case 'b':
				b.WriteString(` fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"`)
			case 'i':
				b.WriteString(` fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"`)
			case 'u':
				b.WriteString(` style:text-underline-style="solid" style:text-underline-width="auto" style:text-underline-color="font-color"`)
			case 's':
				b.WriteString(` style:text-line-through-style="solid" style:text-line-through-type="single"`)
			case 'c':
				b.WriteString(` style:font-name="DejaVu Sans Mono" fo:background-color="#eeeeee"`)
			}
		}
		b.WriteString("/></style:style>")
	}
	b.WriteString(`<style:style style:name="Tbl" style:family="table"><style:table-properties style:width="17cm" table:align="margins"/></style:style>` +
		`<style:style style:name="TblCol" style:family="table-column"/>` +
		`<style:style style:name="TblCell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #808080"/></style:style>`)
	return b.String()
}
