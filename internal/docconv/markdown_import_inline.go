// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// inlines converts the inline children of n into runs.
func (c *mdReader) inlines(n ast.Node) ([]Inline, error) {
	var out []Inline
	st := Inline{}
	if err := c.inline(n, &st, &out, 0); err != nil {
		return nil, err
	}
	return Normalize(out), nil
}

// inline appends the runs of n's children with the style st.
func (c *mdReader) inline(n ast.Node, st *Inline, out *[]Inline, depth int) error {
	if depth > 4*maxDepth {
		return errs.Explain(errs.Invalid, "The document nests inline styles more than %d deep.", 4*maxDepth)
	}
	emit := func(s string) {
		r := *st
		r.Text = s
		*out = append(*out, r)
	}
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		switch k := k.(type) {
		case *ast.Text:
			v := k.Segment.Value(c.src)
			if k.IsRaw() {
				emit(string(v))
			} else {
				emit(unescapeMD(v))
			}
			switch {
			case k.HardLineBreak():
				emit("\n")
			case k.SoftLineBreak():
				emit(" ")
			}
		case *ast.String:
			if k.IsRaw() || k.IsCode() {
				emit(string(k.Value))
			} else {
				emit(unescapeMD(k.Value))
			}
		case *ast.CodeSpan:
			var b strings.Builder
			for t := k.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					v := string(t.Segment.Value(c.src))
					b.WriteString(strings.ReplaceAll(v, "\n", " "))
				case *ast.String:
					b.WriteString(string(t.Value))
				}
			}
			s := *st
			s.Code = true
			s.Text = b.String()
			*out = append(*out, s)
		case *ast.Emphasis:
			s := *st
			if k.Level >= 2 {
				s.Bold = true
			} else {
				s.Italic = true
			}
			if err := c.inline(k, &s, out, depth+1); err != nil {
				return err
			}
		case *east.Strikethrough:
			s := *st
			s.Strike = true
			if err := c.inline(k, &s, out, depth+1); err != nil {
				return err
			}
		case *ast.Link:
			dest := unescapeMD(k.Destination)
			u, ok := SafeURL(dest)
			if !ok {
				return errUnsafeLink(dest)
			}
			s := *st
			s.Href = u
			if err := c.inline(k, &s, out, depth+1); err != nil {
				return err
			}
		case *ast.AutoLink:
			dest := string(k.URL(c.src))
			if k.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(dest), "mailto:") {
				dest = "mailto:" + dest
			}
			u, ok := SafeURL(dest)
			if !ok {
				return errUnsafeLink(dest)
			}
			s := *st
			s.Href = u
			s.Text = string(k.Label(c.src))
			*out = append(*out, s)
		case *ast.Image:
			// An image inside text: its description, linked to it when safe.
			dest := unescapeMD(k.Destination)
			if _, ok := safeImageURL(dest); !ok {
				return errs.Explain(errs.Invalid, "The file has an image at an unsafe address (%.40q).", dest)
			}
			if err := c.inline(k, st, out, depth+1); err != nil {
				return err
			}
		case *ast.RawHTML:
			var raw strings.Builder
			for i := 0; i < k.Segments.Len(); i++ {
				seg := k.Segments.At(i)
				raw.Write(seg.Value(c.src))
			}
			tag := strings.ToLower(strings.Join(strings.Fields(raw.String()), ""))
			switch {
			case unsafeHTML(raw.String()):
				return errs.Explain(errs.Invalid, "The file holds HTML that could run a script; remove it and import again.")
			case tag == "<u>" || tag == "<ins>":
				st.Underline = true
			case tag == "</u>" || tag == "</ins>":
				st.Underline = false
			case tag == "<br>" || tag == "<br/>":
				emit("\n")
			}
		case *east.TaskCheckBox:
			// Read by the list.
		default:
			if err := c.inline(k, st, out, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// unescapeMD resolves backslash escapes and character references in one
// pass, as CommonMark reads text ("\&amp;" is the text "&amp;").
func unescapeMD(v []byte) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && i+1 < len(v) && isASCIIPunct(v[i+1]):
			b.WriteByte(v[i+1])
			i++
		case c == '&':
			end := i + 1
			for end < len(v) && end-i < 40 && v[end] != ';' && (v[end] == '#' || isASCIIAlnum(v[end])) {
				end++
			}
			if end < len(v) && v[end] == ';' && end > i+1 {
				ref := string(v[i : end+1])
				if s := html.UnescapeString(ref); s != ref {
					b.WriteString(s)
					i = end
					continue
				}
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isASCIIPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}
