// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package docconv converts documents between the block model of the editor
// (BlockNote) and the formats people exchange: Markdown, HTML, ODT (the
// standard of the French interoperability framework), DOCX and PDF.
//
// The block model (Doc, Block, Inline) mirrors BlockNote's blocks and
// inline content; package docexport converts it to and from the XML tree
// of the Yjs document (XmlFragment "document-store"). Exporters write a
// Doc; importers read untrusted files into a Doc, refusing hostile input
// (zip bombs, files that are not what they claim, script in links) with
// errs.Invalid or errs.TooLarge before anything is stored.
package docconv

import (
	"strings"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// The block types this package knows. Others are kept as paragraphs of
// their text.
const (
	Paragraph    = "paragraph"
	Heading      = "heading"
	BulletItem   = "bulletListItem"
	NumberedItem = "numberedListItem"
	CheckItem    = "checkListItem"
	ToggleItem   = "toggleListItem"
	CodeBlock    = "codeBlock"
	Quote        = "quote"
	Table        = "table"
	Image        = "image"
	File         = "file"
	Video        = "video"
	Audio        = "audio"
	Divider      = "divider"
	// Callout is Ensemble's own block (not one of BlockNote's): a boxed
	// paragraph with a kind (see CalloutKinds).
	Callout = "callout"
)

// CalloutKinds are the kinds of callout, the first being the default.
var CalloutKinds = []string{"info", "warning", "success", "danger"}

// CalloutKind returns kind if it is one of CalloutKinds, else the default.
func CalloutKind(kind string) string {
	for _, k := range CalloutKinds {
		if k == kind {
			return k
		}
	}
	return CalloutKinds[0]
}

// MaxHeadingLevel is the deepest heading level BlockNote has.
const MaxHeadingLevel = 6

// Doc is a document: a title and its top-level blocks.
type Doc struct {
	// Title is the document's title (not part of the content).
	Title string
	// Blocks are the top-level blocks, in order.
	Blocks []Block
}

// Block is one BlockNote block.
type Block struct {
	// ID is BlockNote's block id; empty for imported blocks (one is made).
	ID string
	// Type is one of the block type constants.
	Type string
	// Level is a heading's level, 1 to 6.
	Level int
	// Checked is a check list item's state.
	Checked bool
	// Language is a code block's language ("go", "text", …).
	Language string
	// Kind is a callout's kind, one of CalloutKinds.
	Kind string
	// URL, Name and Caption describe an image, file, video or audio block.
	URL, Name, Caption string
	// Content is the inline content of a text block (for a code block, one
	// run of plain text).
	Content []Inline
	// Rows is a table's content.
	Rows []Row
	// Children are the nested blocks (sub-items of a list item).
	Children []Block
}

// Row is one row of a table.
type Row struct {
	// Cells are the row's cells, left to right.
	Cells []Cell
}

// Cell is one table cell.
type Cell struct {
	// Header marks a header cell.
	Header bool
	// Content is the cell's inline content.
	Content []Inline
}

// Inline is a run of text with one set of styles. A "\n" in Text is a hard
// line break.
type Inline struct {
	// Text is the run's text.
	Text string
	// The styles.
	Bold, Italic, Underline, Strike, Code bool
	// Href makes the run (part of) a link; only safe addresses are kept
	// (see SafeURL).
	Href string
}

// sameStyle reports whether a and b have the same styles and link.
func (a Inline) sameStyle(b Inline) bool {
	a.Text, b.Text = "", ""
	return a == b
}

// Text returns the plain text of runs.
func Text(runs []Inline) string {
	var b strings.Builder
	for _, r := range runs {
		b.WriteString(r.Text)
	}
	return b.String()
}

// Normalize merges adjacent runs of the same style and drops empty ones
// (in linear time: importers may split text into very many runs).
func Normalize(runs []Inline) []Inline {
	var out []Inline
	var text strings.Builder
	flush := func() {
		if n := len(out); n > 0 {
			out[n-1].Text = text.String()
		}
		text.Reset()
	}
	for _, r := range runs {
		if r.Text == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1].sameStyle(r) {
			text.WriteString(r.Text)
			continue
		}
		flush()
		out = append(out, r)
		text.WriteString(r.Text)
	}
	flush()
	return out
}

// PlainText returns the text of the whole document, one block per line
// (table cells separated by tabs): what search and text checks compare.
func (d Doc) PlainText() string {
	var b strings.Builder
	var walk func(bs []Block)
	walk = func(bs []Block) {
		for _, bl := range bs {
			switch bl.Type {
			case Table:
				for _, r := range bl.Rows {
					for i, c := range r.Cells {
						if i > 0 {
							b.WriteByte('\t')
						}
						b.WriteString(Text(c.Content))
					}
					b.WriteByte('\n')
				}
			case Image, File, Video, Audio:
				if bl.Caption != "" {
					b.WriteString(bl.Caption)
					b.WriteByte('\n')
				}
			default:
				if t := Text(bl.Content); t != "" {
					b.WriteString(t)
					b.WriteByte('\n')
				}
			}
			walk(bl.Children)
		}
	}
	walk(d.Blocks)
	return b.String()
}

// isList reports whether t is a list item type.
func isList(t string) bool {
	return t == BulletItem || t == NumberedItem || t == CheckItem || t == ToggleItem
}

// isMedia reports whether t is a block that points at a file.
func isMedia(t string) bool {
	return t == Image || t == File || t == Video || t == Audio
}

// mediaLabel is the text shown for a media block: its caption, else its
// name, else its address.
func mediaLabel(b Block) string {
	switch {
	case b.Caption != "":
		return b.Caption
	case b.Name != "":
		return b.Name
	}
	return b.URL
}

// Columns returns the number of columns of a table.
func Columns(rows []Row) int {
	n := 0
	for _, r := range rows {
		n = max(n, len(r.Cells))
	}
	return n
}

// Table limits: exporters give every row as many cells as the widest, so
// an imported table may not be wider or longer than this.
const (
	MaxTableColumns = 256
	MaxTableRows    = 20_000
)

// errTable refuses a table beyond the limits.
var errTable = errs.Explain(errs.TooLarge, "A table has more than %d columns or %d rows.", MaxTableColumns, MaxTableRows)

// checkTable refuses a table beyond the limits.
func checkTable(rows []Row) error {
	if len(rows) > MaxTableRows || Columns(rows) > MaxTableColumns {
		return errTable
	}
	return nil
}

// ClampTable drops the rows and columns of a table beyond the limits (for
// content the editor already holds, which is exported, not refused).
func ClampTable(rows []Row) []Row {
	if len(rows) > MaxTableRows {
		rows = rows[:MaxTableRows]
	}
	for i := range rows {
		if len(rows[i].Cells) > MaxTableColumns {
			rows[i].Cells = rows[i].Cells[:MaxTableColumns]
		}
	}
	return rows
}
