// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docconv"
)

// Fragment is the name of the XML fragment BlockNote keeps a document in.
const Fragment = "document-store"

// FromTree reads BlockNote's XML tree (the children of the fragment
// "document-store": blockGroup > blockContainer > block content, with an
// optional nested blockGroup of children) into blocks. Unknown block types
// become paragraphs of their text; unknown marks are ignored. Any editor
// may write the tree: blocks nested deeper than MaxDepth are kept, at that
// depth, so that no writer recurses without bound.
func FromTree(nodes []collab.Node) []docconv.Block {
	var out []docconv.Block
	fromTree(nodes, 0, &out)
	return out
}

// MaxDepth is the deepest nesting of blocks FromTree keeps.
const MaxDepth = 32

// fromTree appends the blocks of nodes at depth to out (one slice for all
// the blocks kept at one level: no copying per level).
func fromTree(nodes []collab.Node, depth int, out *[]docconv.Block) {
	for _, n := range nodes {
		switch n.Name {
		case "blockGroup":
			fromTree(n.Children, depth, out)
		case "blockContainer":
			b, children, ok := containerBlock(n)
			switch {
			case !ok:
				fromTree(children, depth, out)
			case depth+1 < MaxDepth:
				fromTree(children, depth+1, &b.Children)
				*out = append(*out, b)
			default:
				*out = append(*out, b)
				fromTree(children, depth, out)
			}
		}
	}
}

// containerBlock reads one blockContainer: its block and the nodes of its
// nested blockGroup.
func containerBlock(n collab.Node) (docconv.Block, []collab.Node, bool) {
	b := docconv.Block{ID: attrString(n.Attrs, "id")}
	var children []collab.Node
	found := false
	for _, c := range n.Children {
		if c.IsText() {
			continue
		}
		if c.Name == "blockGroup" {
			children = append(children, c)
			continue
		}
		if found {
			continue
		}
		found = true
		readContent(&b, c)
	}
	return b, children, found
}

// readContent fills b from its block content node.
func readContent(b *docconv.Block, c collab.Node) {
	b.Type = c.Name
	switch c.Name {
	case docconv.Paragraph, docconv.BulletItem, docconv.NumberedItem, docconv.ToggleItem, docconv.Quote:
		b.Content = inlineOf(c.Children)
	case docconv.Heading:
		b.Level = min(max(attrInt(c.Attrs, "level", 1), 1), docconv.MaxHeadingLevel)
		b.Content = inlineOf(c.Children)
	case docconv.CheckItem:
		b.Checked = attrBool(c.Attrs, "checked")
		b.Content = inlineOf(c.Children)
	case docconv.CodeBlock:
		b.Language = attrString(c.Attrs, "language")
		if t := plainOf(c.Children); t != "" {
			b.Content = []docconv.Inline{{Text: t}}
		}
	case docconv.Table:
		b.Rows = docconv.ClampTable(rowsOf(c.Children))
	case docconv.Image, docconv.File, docconv.Video, docconv.Audio:
		b.URL = attrString(c.Attrs, "url")
		b.Name = attrString(c.Attrs, "name")
		b.Caption = attrString(c.Attrs, "caption")
	case docconv.Callout:
		b.Kind = docconv.CalloutKind(attrString(c.Attrs, "kind"))
		b.Content = inlineOf(c.Children)
	case docconv.Divider:
	default:
		b.Type = docconv.Paragraph
		b.Content = inlineOf(c.Children)
	}
}

// rowsOf reads tableRow > tableCell|tableHeader > tableParagraph.
func rowsOf(nodes []collab.Node) []docconv.Row {
	var rows []docconv.Row
	for _, r := range nodes {
		if r.Name != "tableRow" {
			continue
		}
		var row docconv.Row
		for _, c := range r.Children {
			if c.Name != "tableCell" && c.Name != "tableHeader" {
				continue
			}
			cell := docconv.Cell{Header: c.Name == "tableHeader"}
			for _, p := range c.Children {
				if p.IsText() {
					continue
				}
				if len(cell.Content) > 0 {
					cell.Content = append(cell.Content, docconv.Inline{Text: "\n"})
				}
				cell.Content = append(cell.Content, inlineOf(p.Children)...)
			}
			cell.Content = docconv.Normalize(cell.Content)
			row.Cells = append(row.Cells, cell)
		}
		rows = append(rows, row)
	}
	return rows
}

// inlineOf reads inline content: text nodes with marks, hard breaks, and
// the text of other inline elements (mentions…).
func inlineOf(nodes []collab.Node) []docconv.Inline {
	var out []docconv.Inline
	for _, n := range nodes {
		if !n.IsText() {
			if n.Name == "hardBreak" {
				out = append(out, docconv.Inline{Text: "\n"})
			} else {
				out = append(out, inlineOf(n.Children)...)
			}
			continue
		}
		for _, r := range n.Text {
			if r.Text == "" {
				continue
			}
			in := docconv.Inline{Text: r.Text}
			in.Bold = hasMark(r.Attrs, "bold")
			in.Italic = hasMark(r.Attrs, "italic")
			in.Underline = hasMark(r.Attrs, "underline")
			in.Strike = hasMark(r.Attrs, "strike")
			in.Code = hasMark(r.Attrs, "code")
			if l, ok := r.Attrs["link"].(map[string]any); ok {
				if u, ok := docconv.SafeURL(attrString(l, "href")); ok {
					in.Href = u
				}
			}
			out = append(out, in)
		}
	}
	return docconv.Normalize(out)
}

// plainOf returns the characters of nodes (a code block's text).
func plainOf(nodes []collab.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		if n.IsText() {
			b.WriteString(collab.PlainText(n.Text))
		} else if n.Name == "hardBreak" {
			b.WriteByte('\n')
		} else {
			b.WriteString(plainOf(n.Children))
		}
	}
	return b.String()
}

func hasMark(attrs map[string]any, name string) bool {
	v, ok := attrs[name]
	return ok && v != nil && v != false
}

func attrString(attrs map[string]any, name string) string {
	switch v := attrs[name].(type) {
	case string:
		if v == "undefined" || v == "null" {
			return ""
		}
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

func attrInt(attrs map[string]any, name string, def int) int {
	switch v := attrs[name].(type) {
	case int64:
		return int(v)
	case float64:
		return int(v)
	case int:
		return v
	case string:
		var n int
		if _, err := fmt.Sscanf(v, "%d", &n); err == nil {
			return n
		}
	}
	return def
}

func attrBool(attrs map[string]any, name string) bool {
	switch v := attrs[name].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

// NewBlockID returns a random block id shaped like BlockNote's (a UUID).
func NewBlockID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
