// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// inline reads the runs of a paragraph (or of a hyperlink, an insertion, a
// field…) with the style st; images found go to images.
func (r *docxReader) inline(n *xnode, st Inline, out *[]Inline, images *[]Block, depth int) error {
	if depth > maxXMLDepth {
		return errs.Explain(errs.Invalid, "The document nests too deep.")
	}
	for _, k := range n.kids {
		switch k.name {
		case "r":
			if err := r.run(k, st, out, images); err != nil {
				return err
			}
		case "hyperlink":
			s := st
			if id := k.attr("id"); id != "" {
				rel, ok := r.rels[id]
				if ok {
					u, safe := SafeURL(rel.target)
					if !safe {
						return errUnsafeLink(rel.target)
					}
					s.Href = u
				}
			} else if a := k.attr("anchor"); a != "" {
				s.Href = "#" + a
			}
			if err := r.inline(k, s, out, images, depth+1); err != nil {
				return err
			}
		case "ins", "smartTag", "fldSimple", "customXml", "sdtContent", "moveTo":
			if err := r.inline(k, st, out, images, depth+1); err != nil {
				return err
			}
		case "sdt":
			if c := k.child("sdtContent"); c != nil {
				if err := r.inline(c, st, out, images, depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// run reads one w:r.
func (r *docxReader) run(k *xnode, st Inline, out *[]Inline, images *[]Block) error {
	if pr := k.child("rPr"); pr != nil {
		st = r.runStyle(pr, st)
	}
	emit := func(s string) {
		in := st
		in.Text = s
		*out = append(*out, in)
	}
	for _, c := range k.kids {
		switch c.name {
		case "t":
			for _, t := range c.kids {
				emit(t.text)
			}
		case "tab", "ptab":
			emit("\t")
		case "br", "cr":
			if c.attr("type") != "page" && c.attr("type") != "column" {
				emit("\n")
			}
		case "noBreakHyphen":
			emit("-")
		case "drawing", "pict", "object":
			if b := c.find("blip"); b != nil {
				*images = append(*images, r.image(b.attr("embed")))
			} else if d := c.find("imagedata"); d != nil {
				*images = append(*images, r.image(d.attr("id")))
			}
		}
	}
	return nil
}

// on reads a toggle property: present and not switched off.
func on(n *xnode) bool {
	if n == nil {
		return false
	}
	v := n.attr("val")
	return v != "0" && v != "false" && v != "off"
}

func (r *docxReader) runStyle(pr *xnode, st Inline) Inline {
	if b := pr.child("b"); b != nil {
		st.Bold = on(b)
	}
	if i := pr.child("i"); i != nil {
		st.Italic = on(i)
	}
	if u := pr.child("u"); u != nil {
		st.Underline = u.attr("val") != "none" && u.attr("val") != ""
	}
	if s := pr.child("strike"); s != nil {
		st.Strike = on(s)
	}
	if s := pr.child("dstrike"); s != nil && on(s) {
		st.Strike = true
	}
	if s := pr.child("rStyle"); s != nil {
		name := r.styles[s.attr("val")] + " " + strings.ToLower(s.attr("val"))
		if strings.Contains(name, "code") || strings.Contains(name, "verbatim") {
			st.Code = true
		}
	}
	if f := pr.child("rFonts"); f != nil {
		font := strings.ToLower(f.attr("ascii") + f.attr("hAnsi"))
		if strings.Contains(font, "mono") || strings.Contains(font, "courier") || strings.Contains(font, "consolas") {
			st.Code = true
		}
	}
	return st
}

// image makes an image block of an embedded picture, or a placeholder
// paragraph when it is not a PNG, JPEG or GIF image.
func (r *docxReader) image(id string) Block {
	rel, ok := r.rels[id]
	if ok && rel.mode != "External" {
		data, err := r.z.part(mediaPath(rel.target))
		if err == nil && data != nil {
			if p, ok := decodePicture(data); ok {
				return Block{Type: Image, URL: p.dataURL(), Name: partBase(rel.target)}
			}
		}
	}
	return Block{Type: Paragraph, Content: []Inline{{Text: "[image]"}}}
}

// partBase is the file name of a part.
func partBase(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// table reads a w:tbl; rows marked as header rows have header cells.
func (r *docxReader) table(t *xnode) (Block, error) {
	b := Block{Type: Table}
	for _, tr := range t.kids {
		if tr.name != "tr" {
			continue
		}
		header := false
		if pr := tr.child("trPr"); pr != nil && pr.child("tblHeader") != nil {
			header = on(pr.child("tblHeader"))
		}
		var row Row
		for _, tc := range tr.kids {
			if tc.name != "tc" {
				continue
			}
			cell := Cell{Header: header}
			var images []Block
			var walk func(n *xnode, depth int) error
			walk = func(n *xnode, depth int) error {
				for _, k := range n.kids {
					switch k.name {
					case "p":
						if len(cell.Content) > 0 {
							cell.Content = append(cell.Content, Inline{Text: "\n"})
						}
						if err := r.inline(k, Inline{}, &cell.Content, &images, 0); err != nil {
							return err
						}
					case "tbl", "tr", "tc", "sdt", "sdtContent":
						if depth < 8 {
							if err := walk(k, depth+1); err != nil {
								return err
							}
						}
					}
				}
				return nil
			}
			if err := walk(tc, 0); err != nil {
				return Block{}, err
			}
			cell.Content = trimBreaks(cell.Content, false)
			row.Cells = append(row.Cells, cell)
		}
		b.Rows = append(b.Rows, row)
	}
	return b, nil
}

// lister builds the block tree from paragraphs that carry a list level.
type lister struct {
	blocks []Block
	count  int
}

// add appends b; a list item at depth > 0 goes under the last item of the
// level above.
func (l *lister) add(b Block, depth int) {
	l.count++
	if depth <= 0 || len(l.blocks) == 0 || !isList(l.blocks[len(l.blocks)-1].Type) {
		l.blocks = append(l.blocks, b)
		return
	}
	parent := &l.blocks[len(l.blocks)-1]
	for d := 1; d < depth; d++ {
		n := len(parent.Children)
		if n == 0 || !isList(parent.Children[n-1].Type) {
			break
		}
		parent = &parent.Children[n-1]
	}
	parent.Children = append(parent.Children, b)
}

// last returns the last top-level block as a one-element slice (to modify
// it in place), or nil.
func (l *lister) last() []Block {
	if len(l.blocks) == 0 {
		return nil
	}
	return l.blocks[len(l.blocks)-1:]
}

func (l *lister) done() []Block { return l.blocks }
