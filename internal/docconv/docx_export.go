// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"fmt"
	"strconv"
	"strings"
)

// DOCXMIME is the media type of a Word document.
const DOCXMIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
	relT  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	// numbering instances of numbering.xml; numbered lists get their own
	// instance from firstNumbered on, so that each restarts at 1.
	// pOpen starts a paragraph; the revision id attribute is what Word
	// writes too, and what simple readers (docx2txt) expect.
	pOpen         = `<w:p w:rsidR="00E1A5B0">`
	numBullet     = 1
	numCheck      = 2
	firstNumbered = 3
)

// DOCX writes d as an Office Open XML word-processing document: the
// document, its styles (Heading1…, Quote, Code), numbering for lists,
// relationships for links and embedded images, and the content types.
func DOCX(d Doc) ([]byte, error) {
	w := &docxWriter{nextNum: firstNumbered}
	w.blocks(d.Blocks, 0)
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `" ` +
		`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
		`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
		`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>` + w.b.String() +
		`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>`
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="` + nsRel + `">` +
		`<Relationship Id="rIdStyles" Type="` + relT + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdNumbering" Type="` + relT + `numbering" Target="numbering.xml"/>` + w.rels.String() + `</Relationships>`
	types := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/><Default Extension="jpg" ContentType="image/jpeg"/><Default Extension="gif" ContentType="image/gif"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
	root := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<Relationships xmlns="` + nsRel + `">` +
		`<Relationship Id="rId1" Type="` + relT + `officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
	core := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
		`<dc:title>` + xmlText(d.Title) + `</dc:title><dc:creator>Ensemble</dc:creator></cp:coreProperties>`
	entries := []zipEntry{
		{name: "[Content_Types].xml", data: []byte(types)},
		{name: "_rels/.rels", data: []byte(root)},
		{name: "docProps/core.xml", data: []byte(core)},
		{name: "word/document.xml", data: []byte(doc)},
		{name: "word/_rels/document.xml.rels", data: []byte(rels)},
		{name: "word/styles.xml", data: []byte(docxStyles())},
		{name: "word/numbering.xml", data: []byte(docxNumbering(w.nextNum))},
	}
	for _, p := range w.pictures {
		entries = append(entries, zipEntry{name: "word/" + p.name, data: p.Data, stored: true})
	}
	return writeZip(entries)
}

type docxWriter struct {
	b        strings.Builder
	rels     strings.Builder
	relCount int
	links    map[string]string // address → relationship id
	pictures []namedPicture
	nextNum  int
}

// rel adds a relationship and returns its id.
func (w *docxWriter) rel(typ, target string, external bool) string {
	w.relCount++
	id := "rId" + strconv.Itoa(w.relCount+10)
	mode := ""
	if external {
		mode = ` TargetMode="External"`
	}
	w.rels.WriteString(`<Relationship Id="` + id + `" Type="` + relT + typ + `" Target="` + xmlText(target) + `"` + mode + `/>`)
	return id
}

func (w *docxWriter) blocks(bs []Block, depth int) {
	for i := 0; i < len(bs); {
		if isList(bs[i].Type) {
			j := i
			for j < len(bs) && listKind(bs[j].Type) == listKind(bs[i].Type) {
				j++
			}
			num := numBullet
			switch listKind(bs[i].Type) {
			case "ol":
				num = w.nextNum
				w.nextNum++
			case "check":
				num = numCheck
			}
			for _, it := range bs[i:j] {
				w.item(it, num, depth)
			}
			i = j
			continue
		}
		w.block(bs[i])
		w.blocks(bs[i].Children, depth)
		i++
	}
}

func (w *docxWriter) item(it Block, num, depth int) {
	w.b.WriteString(pOpen + `<w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="` + strconv.Itoa(min(depth, 8)) +
		`"/><w:numId w:val="` + strconv.Itoa(num) + `"/></w:numPr></w:pPr>`)
	runs := it.Content
	if it.Type == CheckItem {
		mark := uncheckedMark
		if it.Checked {
			mark = checkedMark
		}
		runs = append([]Inline{{Text: mark}}, runs...)
	}
	w.inline(runs)
	w.b.WriteString("</w:p>")
	w.blocks(it.Children, depth+1)
}

func (w *docxWriter) para(style string, runs []Inline) {
	w.b.WriteString(pOpen)
	if style != "" {
		w.b.WriteString(`<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`)
	}
	w.inline(runs)
	w.b.WriteString("</w:p>")
}

func (w *docxWriter) block(b Block) {
	switch b.Type {
	case Heading:
		w.para("Heading"+strconv.Itoa(min(max(b.Level, 1), MaxHeadingLevel)), b.Content)
	case CodeBlock:
		w.para("Code", []Inline{{Text: Text(b.Content)}})
	case Quote:
		w.para("Quote", b.Content)
	case Callout:
		w.para(calloutStyleDOCX(b.Kind), b.Content)
	case Table:
		w.table(b.Rows)
	case Divider:
		w.para("HorizontalLine", nil)
	case Image:
		if p, ok := picture(b.URL); ok {
			w.image(p, mediaLabelNoURL(b))
			if b.Caption != "" {
				w.para("Caption", []Inline{{Text: b.Caption}})
			}
			return
		}
		w.para("Caption", mediaLink(b))
	case File, Video, Audio:
		w.para("", mediaLink(b))
	default:
		w.para("", b.Content)
	}
}

func (w *docxWriter) image(p Picture, alt string) {
	np := namedPicture{Picture: p, name: fmt.Sprintf("media/image%d.%s", len(w.pictures)+1, p.Ext)}
	w.pictures = append(w.pictures, np)
	id := w.rel("image", np.name, false)
	cw, ch := p.fitCM(16)
	cx, cy := int64(cw*360000), int64(ch*360000)
	n := len(w.pictures)
	fmt.Fprintf(&w.b, pOpen+`<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="%d" cy="%d"/>`+
		`<wp:docPr id="%d" name="Picture %d" descr="%s"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>`+
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>`+
		`<pic:nvPicPr><pic:cNvPr id="%d" name="image%d.%s"/><pic:cNvPicPr/></pic:nvPicPr>`+
		`<pic:blipFill><a:blip r:embed="%s"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>`+
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>`+
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`,
		cx, cy, n, n, xmlText(alt), n, n, p.Ext, id, cx, cy)
}

func (w *docxWriter) table(rows []Row) {
	n := Columns(rows)
	if n == 0 {
		return
	}
	width := 9638 / n // twips of an A4 text width, shared
	w.b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid>`)
	for c := 0; c < n; c++ {
		w.b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(width) + `"/>`)
	}
	w.b.WriteString("</w:tblGrid>")
	for i, r := range rows {
		w.b.WriteString("<w:tr>")
		if i == 0 && len(r.Cells) > 0 && r.Cells[0].Header {
			w.b.WriteString("<w:trPr><w:tblHeader/></w:trPr>")
		}
		for c := 0; c < n; c++ {
			cell := Cell{}
			if c < len(r.Cells) {
				cell = r.Cells[c]
			}
			w.b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/></w:tcPr>`)
			style := ""
			if cell.Header {
				style = "TableHeading"
			}
			w.para(style, cell.Content)
			w.b.WriteString("</w:tc>")
		}
		w.b.WriteString("</w:tr>")
	}
	w.b.WriteString("</w:tbl><w:p/>")
}

// inline writes runs, inside hyperlinks where they have one.
func (w *docxWriter) inline(runs []Inline) {
	runs = Normalize(runs)
	for i := 0; i < len(runs); {
		href, ok := SafeURL(runs[i].Href)
		if !ok || runs[i].Href == "" {
			w.run(runs[i], false)
			i++
			continue
		}
		if w.links == nil {
			w.links = map[string]string{}
		}
		id, seen := w.links[href]
		if !seen {
			id = w.rel("hyperlink", href, true)
			w.links[href] = id
		}
		w.b.WriteString(`<w:hyperlink r:id="` + id + `">`)
		for i < len(runs) && runs[i].Href == href {
			w.run(runs[i], true)
			i++
		}
		w.b.WriteString("</w:hyperlink>")
	}
}

// run writes one run; its properties follow the order the schema sets.
func (w *docxWriter) run(r Inline, link bool) {
	var pr strings.Builder
	switch {
	case r.Code:
		pr.WriteString(`<w:rStyle w:val="CodeChar"/>`)
	case link:
		pr.WriteString(`<w:rStyle w:val="Hyperlink"/>`)
	}
	if r.Bold {
		pr.WriteString("<w:b/>")
	}
	if r.Italic {
		pr.WriteString("<w:i/>")
	}
	if r.Strike {
		pr.WriteString("<w:strike/>")
	}
	if r.Underline {
		pr.WriteString(`<w:u w:val="single"/>`)
	}
	w.b.WriteString("<w:r>")
	if pr.Len() > 0 {
		w.b.WriteString("<w:rPr>" + pr.String() + "</w:rPr>")
	}
	var t strings.Builder
	flush := func() {
		if t.Len() > 0 {
			w.b.WriteString(`<w:t xml:space="preserve">` + t.String() + "</w:t>")
			t.Reset()
		}
	}
	for _, c := range xmlText(r.Text) {
		switch c {
		case '\n':
			flush()
			w.b.WriteString("<w:br/>")
		case '\t':
			flush()
			w.b.WriteString("<w:tab/>")
		default:
			t.WriteRune(c)
		}
	}
	flush()
	w.b.WriteString("</w:r>")
}
