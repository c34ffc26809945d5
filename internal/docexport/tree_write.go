// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"strings"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docconv"
)

// ToTree writes blocks as BlockNote's XML tree, what the editor itself
// stores under "document-store" (with BlockNote's default attributes), to
// be written with collab's EditTx.ReplaceXML. Blocks without an ID get a
// new one. An empty document is one empty paragraph, as in the editor.
func ToTree(blocks []docconv.Block) []collab.Node {
	if len(blocks) == 0 {
		blocks = []docconv.Block{{Type: docconv.Paragraph}}
	}
	return []collab.Node{groupNode(blocks)}
}

func groupNode(blocks []docconv.Block) collab.Node {
	g := collab.Node{Name: "blockGroup"}
	for _, b := range blocks {
		g.Children = append(g.Children, containerNode(b))
	}
	return g
}

func containerNode(b docconv.Block) collab.Node {
	id := b.ID
	if id == "" {
		id = NewBlockID()
	}
	c := collab.Node{Name: "blockContainer", Attrs: map[string]any{"id": id}}
	c.Children = append(c.Children, contentNode(b))
	if len(b.Children) > 0 {
		c.Children = append(c.Children, groupNode(b.Children))
	}
	return c
}

// colors are the attributes BlockNote gives every text block.
func colors() map[string]any {
	return map[string]any{"backgroundColor": "default", "textColor": "default", "textAlignment": "left"}
}

func contentNode(b docconv.Block) collab.Node {
	n := collab.Node{Name: b.Type}
	switch b.Type {
	case docconv.Heading:
		n.Attrs = colors()
		n.Attrs["level"] = int64(min(max(b.Level, 1), docconv.MaxHeadingLevel))
		n.Attrs["isToggleable"] = false
		n.Children = inlineNodes(b.Content)
	case docconv.CheckItem:
		n.Attrs = colors()
		n.Attrs["checked"] = b.Checked
		n.Children = inlineNodes(b.Content)
	case docconv.Paragraph, docconv.BulletItem, docconv.NumberedItem, docconv.ToggleItem:
		n.Attrs = colors()
		n.Children = inlineNodes(b.Content)
	case docconv.Quote:
		n.Attrs = map[string]any{"backgroundColor": "default", "textColor": "default"}
		n.Children = inlineNodes(b.Content)
	case docconv.Callout:
		// Ensemble's own block (web/src/docs/callout.tsx): its one prop.
		n.Attrs = map[string]any{"kind": docconv.CalloutKind(b.Kind)}
		n.Children = inlineNodes(b.Content)
	case docconv.CodeBlock:
		n.Attrs = map[string]any{"language": b.Language}
		if b.Language == "" {
			n.Attrs["language"] = "text"
		}
		if t := docconv.Text(b.Content); t != "" {
			n.Children = []collab.Node{{Text: []collab.Run{{Text: t}}}}
		}
	case docconv.Table:
		n.Attrs = map[string]any{"textColor": "default"}
		cols := docconv.Columns(b.Rows)
		for _, r := range b.Rows {
			row := collab.Node{Name: "tableRow"}
			for i := 0; i < cols; i++ {
				var cell docconv.Cell
				if i < len(r.Cells) {
					cell = r.Cells[i]
				}
				name := "tableCell"
				if cell.Header {
					name = "tableHeader"
				}
				attrs := colors()
				attrs["colspan"], attrs["rowspan"] = int64(1), int64(1)
				row.Children = append(row.Children, collab.Node{Name: name, Attrs: attrs, Children: []collab.Node{
					{Name: "tableParagraph", Children: inlineNodes(cell.Content)},
				}})
			}
			n.Children = append(n.Children, row)
		}
	case docconv.Image:
		n.Attrs = map[string]any{"textAlignment": "left", "backgroundColor": "default", "name": b.Name,
			"url": b.URL, "caption": b.Caption, "showPreview": true}
	case docconv.File, docconv.Video, docconv.Audio:
		n.Attrs = map[string]any{"backgroundColor": "default", "name": b.Name, "url": b.URL, "caption": b.Caption}
	case docconv.Divider:
	default:
		n.Name = docconv.Paragraph
		n.Attrs = colors()
		n.Children = inlineNodes(b.Content)
	}
	return n
}

// inlineNodes writes runs as text nodes with y-prosemirror marks, and line
// breaks as hardBreak elements.
func inlineNodes(runs []docconv.Inline) []collab.Node {
	var out []collab.Node
	var cur []collab.Run
	flush := func() {
		if len(cur) > 0 {
			out = append(out, collab.Node{Text: cur})
			cur = nil
		}
	}
	for _, r := range docconv.Normalize(runs) {
		for i, part := range strings.Split(r.Text, "\n") {
			if i > 0 {
				flush()
				out = append(out, collab.Node{Name: "hardBreak"})
			}
			if part == "" {
				continue
			}
			cur = append(cur, collab.Run{Text: part, Attrs: marks(r)})
		}
	}
	flush()
	return out
}

// marks returns a run's y-prosemirror marks ({"bold": {}}, {"link":
// {"href": …}}); unsafe links are dropped.
func marks(r docconv.Inline) map[string]any {
	m := map[string]any{}
	set := func(on bool, name string) {
		if on {
			m[name] = map[string]any{}
		}
	}
	set(r.Bold, "bold")
	set(r.Italic, "italic")
	set(r.Underline, "underline")
	set(r.Strike, "strike")
	set(r.Code, "code")
	if u, ok := docconv.SafeURL(r.Href); ok && r.Href != "" {
		m["link"] = map[string]any{"href": u}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}
