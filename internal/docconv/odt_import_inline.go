// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"strconv"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// maxRepeat bounds a repeated table cell or row (LibreOffice repeats empty
// cells to the sheet's edge).
const maxRepeat = 64

// maxSpaces bounds the spaces text:s elements may add to a document.
const maxSpaces = 1 << 20

// apply adds the text properties of the style name (and its parents).
func (r *odtReader) apply(name string, st Inline) Inline {
	var chain []*odtStyle
	for i := 0; i < 10 && name != ""; i++ {
		s := r.styles[name]
		if s == nil {
			break
		}
		chain = append(chain, s)
		name = s.parent
	}
	for i := len(chain) - 1; i >= 0; i-- {
		s := chain[i]
		set := func(p *bool, f *bool) {
			if p != nil {
				*f = *p
			}
		}
		set(s.bold, &st.Bold)
		set(s.italic, &st.Italic)
		set(s.under, &st.Underline)
		set(s.strike, &st.Strike)
		set(s.mo, &st.Code)
	}
	return st
}

// inline reads the text of a paragraph, span or link with the style st.
func (r *odtReader) inline(n *xnode, st Inline, out *[]Inline, images *[]Block, depth int) error {
	if depth > maxXMLDepth {
		return errs.Explain(errs.Invalid, "The document nests too deep.")
	}
	emit := func(s string) {
		in := st
		in.Text = s
		*out = append(*out, in)
	}
	for _, k := range n.kids {
		switch k.name {
		case "":
			// ODF collapses white space in text: runs become one space.
			emit(collapseSpaces(k.text))
		case "s":
			c, err := strconv.Atoi(k.attr("c"))
			if err != nil || c < 1 {
				c = 1
			}
			c = min(c, 1000)
			if r.spaces += c; r.spaces > maxSpaces {
				return errs.Explain(errs.TooLarge, "The document has too many repeated spaces.")
			}
			emit(strings.Repeat(" ", c))
		case "tab":
			emit("\t")
		case "line-break":
			emit("\n")
		case "span":
			if err := r.inline(k, r.apply(k.attr("style-name"), st), out, images, depth+1); err != nil {
				return err
			}
		case "a":
			href := k.attr("href")
			u, ok := SafeURL(href)
			if !ok {
				return errUnsafeLink(href)
			}
			s := st
			s.Href = u
			if err := r.inline(k, s, out, images, depth+1); err != nil {
				return err
			}
		case "frame":
			if img := k.child("image"); img != nil {
				*images = append(*images, r.image(img.attr("href")))
			}
		case "meta", "ruby", "ruby-base", "sequence", "bookmark-ref", "reference-ref", "date", "time", "page-number", "author-name", "title", "chapter":
			if err := r.inline(k, st, out, images, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// collapseSpaces turns runs of white space into one space.
func collapseSpaces(s string) string {
	var b strings.Builder
	space := false
	for _, c := range s {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(c)
	}
	return b.String()
}

// image makes an image block of an embedded picture, or a placeholder.
func (r *odtReader) image(href string) Block {
	if href != "" && !strings.Contains(href, ":") {
		data, err := r.z.part(href)
		if err == nil && data != nil {
			if p, ok := decodePicture(data); ok {
				return Block{Type: Image, URL: p.dataURL(), Name: partBase(href)}
			}
		}
	}
	return Block{Type: Paragraph, Content: []Inline{{Text: "[image]"}}}
}

// table reads a table:table; header rows have header cells.
func (r *odtReader) table(t *xnode) (Block, error) {
	b := Block{Type: Table}
	var rows func(n *xnode, header bool) error
	rows = func(n *xnode, header bool) error {
		for _, k := range n.kids {
			switch k.name {
			case "table-header-rows":
				if err := rows(k, true); err != nil {
					return err
				}
			case "table-rows", "table-row-group":
				if err := rows(k, header); err != nil {
					return err
				}
			case "table-row":
				row, err := r.row(k, header)
				if err != nil {
					return err
				}
				rep, _ := strconv.Atoi(k.attr("number-rows-repeated"))
				for i := 0; i < min(max(rep, 1), maxRepeat); i++ {
					b.Rows = append(b.Rows, row)
				}
				if len(b.Rows) > MaxTableRows+maxRepeat {
					return errTable
				}
			}
		}
		return nil
	}
	if err := rows(t, false); err != nil {
		return Block{}, err
	}
	// Drop the empty columns and rows that repetition adds at the edges.
	for len(b.Rows) > 0 && rowEmpty(b.Rows[len(b.Rows)-1]) {
		b.Rows = b.Rows[:len(b.Rows)-1]
	}
	for c := Columns(b.Rows) - 1; c > 0; c-- {
		empty := true
		for _, row := range b.Rows {
			if c < len(row.Cells) && len(row.Cells[c].Content) > 0 {
				empty = false
			}
		}
		if !empty {
			break
		}
		for i := range b.Rows {
			if c < len(b.Rows[i].Cells) {
				b.Rows[i].Cells = b.Rows[i].Cells[:c]
			}
		}
	}
	return b, nil
}

func rowEmpty(r Row) bool {
	for _, c := range r.Cells {
		if len(c.Content) > 0 {
			return false
		}
	}
	return true
}

func (r *odtReader) row(k *xnode, header bool) (Row, error) {
	var row Row
	for _, c := range k.kids {
		if c.name != "table-cell" {
			continue
		}
		cell := Cell{Header: header}
		var images []Block
		for _, p := range c.kids {
			if p.name != "p" && p.name != "h" {
				continue
			}
			if len(cell.Content) > 0 {
				cell.Content = append(cell.Content, Inline{Text: "\n"})
			}
			if err := r.inline(p, Inline{}, &cell.Content, &images, 0); err != nil {
				return Row{}, err
			}
		}
		cell.Content = trimBreaks(cell.Content, false)
		rep, _ := strconv.Atoi(c.attr("number-columns-repeated"))
		for i := 0; i < min(max(rep, 1), maxRepeat); i++ {
			row.Cells = append(row.Cells, cell)
		}
		if len(row.Cells) > MaxTableColumns+maxRepeat {
			return Row{}, errTable
		}
	}
	return row, nil
}
