// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"path"
	"strconv"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// ImportDOCX reads a Word document (.docx) into a Doc: headings (Word's
// "heading N" and "Title" styles, in any language, by their built-in
// names), paragraphs, bulleted, numbered and check lists (nested by level),
// tables, code (a style named Code or a monospace font), quotes, links,
// embedded PNG/JPEG/GIF images and bold, italic, underline, strike. It
// refuses a file that is not a Word document, a zip bomb, a macro-enabled
// document and links to unsafe addresses.
func ImportDOCX(data []byte) (Doc, error) {
	z, err := openZip(data, "Word")
	if err != nil {
		return Doc{}, err
	}
	types, err := z.part("[Content_Types].xml")
	if err != nil {
		return Doc{}, err
	}
	if types == nil || !z.has("word/document.xml") {
		return Doc{}, errs.Explain(errs.Invalid, "The file is not a Word document (it lacks word/document.xml).")
	}
	if bytes.Contains(bytes.ToLower(types), []byte("macroenabled")) || z.has("word/vbaProject.bin") {
		return Doc{}, errs.Explain(errs.Invalid, "Macro-enabled Word documents are refused; save it as a plain .docx.")
	}
	r := &docxReader{z: z, rels: map[string]docxRel{}, styles: map[string]string{}, styleNum: map[string]string{}, numFmt: map[string]string{}}
	if err := r.loadRels(); err != nil {
		return Doc{}, err
	}
	if err := r.loadStyles(); err != nil {
		return Doc{}, err
	}
	if err := r.loadNumbering(); err != nil {
		return Doc{}, err
	}
	raw, err := z.part("word/document.xml")
	if err != nil {
		return Doc{}, err
	}
	root, err := parseXML(raw, "word/document.xml")
	if err != nil {
		return Doc{}, err
	}
	body := root.child("body")
	if root.name != "document" || body == nil {
		return Doc{}, errs.Explain(errs.Invalid, "The file is not a Word document (no document body).")
	}
	var l lister
	if err := r.body(body, &l); err != nil {
		return Doc{}, err
	}
	blocks := l.done()
	if len(blocks) > maxBlocks {
		return Doc{}, errs.Explain(errs.TooLarge, "The document has more than %d blocks.", maxBlocks)
	}
	return Doc{Title: firstHeading(blocks), Blocks: blocks}, nil
}

type docxRel struct{ typ, target, mode string }

type docxReader struct {
	z        *safeZip
	rels     map[string]docxRel
	styles   map[string]string // style id → lower-case name
	styleNum map[string]string // style id → its numbering instance
	numFmt   map[string]string // numId/ilvl → numFmt
	images   int64
}

func (r *docxReader) loadRels() error {
	raw, err := r.z.part("word/_rels/document.xml.rels")
	if err != nil || raw == nil {
		return err
	}
	root, err := parseXML(raw, "word/_rels/document.xml.rels")
	if err != nil {
		return err
	}
	for _, k := range root.kids {
		if k.name == "Relationship" {
			t := k.attr("Type")
			r.rels[k.attr("Id")] = docxRel{typ: t[strings.LastIndexByte(t, '/')+1:], target: k.attr("Target"), mode: k.attr("TargetMode")}
		}
	}
	return nil
}

func (r *docxReader) loadStyles() error {
	raw, err := r.z.part("word/styles.xml")
	if err != nil || raw == nil {
		return err
	}
	root, err := parseXML(raw, "word/styles.xml")
	if err != nil {
		return err
	}
	for _, s := range root.kids {
		if s.name != "style" {
			continue
		}
		id := s.attr("styleId")
		if n := s.child("name"); n != nil {
			r.styles[id] = strings.ToLower(n.attr("val"))
		}
		// Word's "List Bullet" and "List Number" styles number their
		// paragraphs themselves.
		if pr := s.child("pPr"); pr != nil {
			if np := pr.child("numPr"); np != nil {
				if n := np.child("numId"); n != nil {
					r.styleNum[id] = n.attr("val")
				}
			}
		}
	}
	return nil
}

func (r *docxReader) loadNumbering() error {
	raw, err := r.z.part("word/numbering.xml")
	if err != nil || raw == nil {
		return err
	}
	root, err := parseXML(raw, "word/numbering.xml")
	if err != nil {
		return err
	}
	abstract := map[string]map[string]string{}
	for _, a := range root.kids {
		if a.name != "abstractNum" {
			continue
		}
		lv := map[string]string{}
		for _, l := range a.kids {
			if l.name == "lvl" {
				if f := l.child("numFmt"); f != nil {
					lv[l.attr("ilvl")] = f.attr("val")
				}
			}
		}
		abstract[a.attr("abstractNumId")] = lv
	}
	for _, n := range root.kids {
		if n.name != "num" {
			continue
		}
		if a := n.child("abstractNumId"); a != nil {
			for lvl, f := range abstract[a.attr("val")] {
				r.numFmt[n.attr("numId")+"/"+lvl] = f
			}
		}
	}
	return nil
}

// body reads the paragraphs and tables of the body (or of a content
// control inside it).
func (r *docxReader) body(n *xnode, l *lister) error {
	for _, k := range n.kids {
		switch k.name {
		case "p":
			if err := r.paragraph(k, l); err != nil {
				return err
			}
		case "tbl":
			t, err := r.table(k)
			if err != nil {
				return err
			}
			if err := checkTable(t.Rows); err != nil {
				return err
			}
			l.add(t, -1)
		case "sdt":
			if c := k.child("sdtContent"); c != nil {
				if err := r.body(c, l); err != nil {
					return err
				}
			}
		}
		if l.count > maxBlocks {
			return errs.Explain(errs.TooLarge, "The document has more than %d blocks.", maxBlocks)
		}
	}
	return nil
}

// paragraph classifies one w:p by its style and numbering.
func (r *docxReader) paragraph(p *xnode, l *lister) error {
	style, numID, ilvl := "", "", 0
	if pr := p.child("pPr"); pr != nil {
		if s := pr.child("pStyle"); s != nil {
			style = r.styles[s.attr("val")]
			if style == "" {
				style = strings.ToLower(s.attr("val"))
			}
			numID = r.styleNum[s.attr("val")]
		}
		if np := pr.child("numPr"); np != nil {
			if id := np.child("numId"); id != nil && id.attr("val") != "0" {
				numID = id.attr("val")
			}
			if lv := np.child("ilvl"); lv != nil {
				ilvl, _ = strconv.Atoi(lv.attr("val"))
			}
		}
	}
	var runs []Inline
	var images []Block
	if err := r.inline(p, Inline{}, &runs, &images, 0); err != nil {
		return err
	}
	runs = Normalize(runs)
	b := Block{Type: Paragraph, Content: runs}
	allCode := len(runs) > 0
	for _, in := range runs {
		allCode = allCode && in.Code
	}
	switch {
	case strings.HasPrefix(style, "heading ") || style == "title":
		b.Type, b.Level = Heading, 1
		if n, err := strconv.Atoi(strings.TrimPrefix(style, "heading ")); err == nil {
			b.Level = min(max(n, 1), MaxHeadingLevel)
		}
	case strings.Contains(style, "quote"):
		b.Type = Quote
	case strings.HasPrefix(style, "callout"):
		b.Type, b.Kind = Callout, CalloutKind(strings.TrimSpace(strings.TrimPrefix(style, "callout")))
	case style == "code" || style == "source code" || style == "html preformatted" || style == "preformatted text" || (allCode && numID == ""):
		b.Type, b.Content = CodeBlock, []Inline{{Text: Text(runs)}}
	case style == "horizontal line" && len(runs) == 0:
		b.Type = Divider
	case style == "caption" && len(l.last()) > 0 && l.last()[0].Type == Image && l.last()[0].Caption == "":
		l.last()[0].Caption = strings.TrimSpace(oneLine(Text(runs)))
		return nil
	}
	if ty, checked, rest, ok := checkPrefix(b.Content); ok && (b.Type == Paragraph) {
		b.Type, b.Checked, b.Content = ty, checked, rest
		if numID == "" {
			numID = "check"
		}
	} else if numID != "" && b.Type == Paragraph {
		b.Type = BulletItem
		switch f := r.numFmt[numID+"/"+strconv.Itoa(ilvl)]; f {
		case "bullet", "none", "":
		default:
			b.Type = NumberedItem
		}
	} else if b.Type == Paragraph && strings.HasPrefix(style, "list bullet") {
		b.Type = BulletItem
	} else if b.Type == Paragraph && strings.HasPrefix(style, "list number") {
		b.Type = NumberedItem
	}
	if b.Type == CodeBlock {
		if prev := l.last(); len(prev) > 0 && prev[0].Type == CodeBlock && len(images) == 0 {
			// Appended runs, joined when read (Text): linear in the lines.
			prev[0].Content = append(prev[0].Content, Inline{Text: "\n"}, Inline{Text: Text(b.Content)})
			return nil
		}
	}
	depth := -1
	if isList(b.Type) {
		depth = min(ilvl, maxDepth)
	}
	if len(b.Content) > 0 || b.Type == Divider || b.Type == CodeBlock || (isList(b.Type) && len(images) == 0) {
		l.add(b, depth)
	}
	for _, img := range images {
		l.add(img, -1)
	}
	return nil
}

// checkPrefix recognises a check list item written as a mark and a space.
func checkPrefix(runs []Inline) (typ string, checked bool, rest []Inline, ok bool) {
	if len(runs) == 0 {
		return "", false, nil, false
	}
	for _, m := range []struct {
		mark    string
		checked bool
	}{{"☐", false}, {"☑", true}, {"☒", true}} {
		if t, found := strings.CutPrefix(runs[0].Text, m.mark); found {
			rest = append([]Inline{}, runs...)
			rest[0].Text = strings.TrimLeft(t, " \u00a0\t")
			return CheckItem, m.checked, Normalize(rest), true
		}
	}
	return "", false, nil, false
}

// mediaPath resolves a relationship target against word/.
func mediaPath(target string) string {
	if strings.HasPrefix(target, "/") {
		return path.Clean(target)[1:]
	}
	return path.Clean("word/" + target)
}
