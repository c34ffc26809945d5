// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"strconv"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// ImportODT reads an OpenDocument text (.odt) into a Doc: headings,
// paragraphs, lists (bulleted, numbered, check lists written with ☐/☑),
// tables, code (Preformatted Text or a monospace font), quotes
// (Quotations), links, embedded PNG/JPEG/GIF images and inline styles. It
// refuses a file that is not an ODF text, a zip bomb and unsafe links.
func ImportODT(data []byte) (Doc, error) {
	z, err := openZip(data, "OpenDocument text")
	if err != nil {
		return Doc{}, err
	}
	mt, err := z.part("mimetype")
	if err != nil {
		return Doc{}, err
	}
	if strings.TrimSpace(string(mt)) != ODTMIME || !z.has("content.xml") {
		return Doc{}, errs.Explain(errs.Invalid, "The file is not an OpenDocument text (its mimetype is not %s).", ODTMIME)
	}
	r := &odtReader{z: z, styles: map[string]*odtStyle{}}
	if raw, err := z.part("styles.xml"); err != nil {
		return Doc{}, err
	} else if raw != nil {
		root, err := parseXML(raw, "styles.xml")
		if err != nil {
			return Doc{}, err
		}
		r.loadStyles(root)
	}
	raw, err := z.part("content.xml")
	if err != nil {
		return Doc{}, err
	}
	root, err := parseXML(raw, "content.xml")
	if err != nil {
		return Doc{}, err
	}
	r.loadStyles(root)
	body := root.child("body")
	if body == nil || body.child("text") == nil {
		return Doc{}, errs.Explain(errs.Invalid, "The file is not an OpenDocument text (no text body).")
	}
	var out []Block
	if err := r.blocks(body.child("text"), &out, 0); err != nil {
		return Doc{}, err
	}
	return Doc{Title: firstHeading(out), Blocks: out}, nil
}

// odtStyle is what the reader needs of a style.
type odtStyle struct {
	parent                          string
	bold, italic, under, strike, mo *bool
	numbered                        map[string]bool // list style: level → numbered
}

type odtReader struct {
	z      *safeZip
	styles map[string]*odtStyle
	count  int
	spaces int // spaces written for text:s, bounded
}

func boolPtr(b bool) *bool { return &b }

// loadStyles reads the styles and automatic styles of a part.
func (r *odtReader) loadStyles(root *xnode) {
	for _, group := range root.kids {
		if group.name != "styles" && group.name != "automatic-styles" {
			continue
		}
		for _, s := range group.kids {
			st := &odtStyle{parent: s.attr("parent-style-name")}
			switch s.name {
			case "style":
				if tp := s.child("text-properties"); tp != nil {
					if v := tp.attr("font-weight"); v != "" {
						st.bold = boolPtr(v == "bold" || v >= "6")
					}
					if v := tp.attr("font-style"); v != "" {
						st.italic = boolPtr(v == "italic" || v == "oblique")
					}
					if v := tp.attr("text-underline-style"); v != "" {
						st.under = boolPtr(v != "none")
					}
					if v := tp.attr("text-line-through-style"); v != "" {
						st.strike = boolPtr(v != "none")
					}
					if v := strings.ToLower(tp.attr("font-name")); v != "" {
						st.mo = boolPtr(strings.Contains(v, "mono") || strings.Contains(v, "courier") || strings.Contains(v, "consolas"))
					}
				}
			case "list-style":
				st.numbered = map[string]bool{}
				for _, l := range s.kids {
					st.numbered[l.attr("level")] = l.name == "list-level-style-number" && l.attr("num-format") != ""
				}
			default:
				continue
			}
			r.styles[s.attr("name")] = st
		}
	}
}

// inherits returns the name of the paragraph style name, or of the
// style it derives from, that starts with one of the prefixes (compared
// without case, "_20_" read as a space), or "".
func (r *odtReader) inherits(name string, prefixes ...string) string {
	for i := 0; i < 10 && name != ""; i++ {
		l := strings.ToLower(strings.ReplaceAll(name, "_20_", " "))
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				return l
			}
		}
		s := r.styles[name]
		if s == nil {
			return ""
		}
		name = s.parent
	}
	return ""
}

// blocks reads the block children of n.
func (r *odtReader) blocks(n *xnode, out *[]Block, depth int) error {
	if depth > maxDepth {
		return errs.Explain(errs.Invalid, "The document nests blocks more than %d deep.", maxDepth)
	}
	for _, k := range n.kids {
		r.count++
		if r.count > maxBlocks {
			return errs.Explain(errs.TooLarge, "The document has more than %d blocks.", maxBlocks)
		}
		switch k.name {
		case "h", "p":
			if err := r.paragraph(k, out); err != nil {
				return err
			}
		case "list":
			if err := r.list(k, k.attr("style-name"), 1, out, depth); err != nil {
				return err
			}
		case "table":
			t, err := r.table(k)
			if err != nil {
				return err
			}
			if err := checkTable(t.Rows); err != nil {
				return err
			}
			*out = append(*out, t)
		case "section", "index-body", "table-of-content", "illustration-index-source":
			if err := r.blocks(k, out, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// paragraph reads a text:p or text:h, and the images in it.
func (r *odtReader) paragraph(k *xnode, out *[]Block) error {
	var runs []Inline
	var images []Block
	if err := r.inline(k, Inline{}, &runs, &images, 0); err != nil {
		return err
	}
	b := Block{Type: Paragraph, Content: Normalize(runs)}
	style := k.attr("style-name")
	switch {
	case k.name == "h":
		b.Type = Heading
		b.Level, _ = strconv.Atoi(k.attr("outline-level"))
		b.Level = min(max(b.Level, 1), MaxHeadingLevel)
	case r.inherits(style, "heading ") != "":
		b.Type = Heading
		b.Level, _ = strconv.Atoi(strings.TrimPrefix(r.inherits(style, "heading "), "heading "))
		b.Level = min(max(b.Level, 1), MaxHeadingLevel)
	case r.inherits(style, "title") != "":
		b.Type, b.Level = Heading, 1
	case r.inherits(style, "quot") != "":
		b.Type = Quote
	case r.inherits(style, "callout") != "":
		b.Type, b.Kind = Callout, CalloutKind(strings.TrimSpace(strings.TrimPrefix(r.inherits(style, "callout"), "callout")))
	case r.inherits(style, "preformatted text", "source code", "code") != "":
		b.Type, b.Content = CodeBlock, []Inline{{Text: Text(runs)}}
		if n := len(*out); n > 0 && (*out)[n-1].Type == CodeBlock && len(images) == 0 {
			// Appended runs, joined when read (Text): linear in the lines.
			(*out)[n-1].Content = append((*out)[n-1].Content, Inline{Text: "\n"}, Inline{Text: Text(runs)})
			return nil
		}
	case r.inherits(style, "horizontal line") != "" && len(runs) == 0:
		b.Type = Divider
	case r.inherits(style, "caption") != "" && len(*out) > 0 && (*out)[len(*out)-1].Type == Image && (*out)[len(*out)-1].Caption == "":
		(*out)[len(*out)-1].Caption = strings.TrimSpace(oneLine(Text(runs)))
		return nil
	}
	if ty, checked, rest, ok := checkPrefix(b.Content); ok && b.Type == Paragraph {
		b.Type, b.Checked, b.Content = ty, checked, rest
	}
	if len(b.Content) > 0 || b.Type == Divider || b.Type == CodeBlock {
		*out = append(*out, b)
	}
	*out = append(*out, images...)
	return nil
}

// list reads a text:list at level; items of a check list start with ☐/☑.
func (r *odtReader) list(n *xnode, style string, level int, out *[]Block, depth int) error {
	if level > maxDepth {
		return errs.Explain(errs.Invalid, "The document nests lists more than %d deep.", maxDepth)
	}
	if s := n.attr("style-name"); s != "" {
		style = s
	}
	numbered := false
	if s := r.styles[style]; s != nil && s.numbered != nil {
		numbered = s.numbered[strconv.Itoa(level)]
	}
	for _, it := range n.kids {
		if it.name != "list-item" && it.name != "list-header" {
			continue
		}
		item := Block{Type: BulletItem}
		if numbered {
			item.Type = NumberedItem
		}
		first := true
		var images []Block
		for _, k := range it.kids {
			switch k.name {
			case "p", "h":
				if first {
					first = false
					var runs []Inline
					if err := r.inline(k, Inline{}, &runs, &images, 0); err != nil {
						return err
					}
					item.Content = Normalize(runs)
					if ty, checked, rest, ok := checkPrefix(item.Content); ok {
						item.Type, item.Checked, item.Content = ty, checked, rest
					}
					continue
				}
				if err := r.paragraph(k, &item.Children); err != nil {
					return err
				}
			case "list":
				if err := r.list(k, style, level+1, &item.Children, depth+1); err != nil {
					return err
				}
			}
		}
		if first && len(images) == 0 && len(*out) > 0 && isList((*out)[len(*out)-1].Type) {
			// An item with only a sub-list continues the previous item.
			prev := &(*out)[len(*out)-1]
			prev.Children = append(prev.Children, item.Children...)
			continue
		}
		*out = append(*out, item)
		*out = append(*out, images...)
	}
	return nil
}
