// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"strconv"
	"strings"
)

// Markdown writes d as CommonMark with the GitHub extensions (tables, task
// lists, strikethrough). Underline, which Markdown lacks, is written as
// <u>…</u>, which ImportMarkdown reads back. Text is escaped so that it
// reads back as the same text; unsafe links are written as plain text.
func Markdown(d Doc) []byte {
	var w mdWriter
	w.blocks(d.Blocks, "")
	out := strings.TrimRight(w.b.String(), "\n")
	if out == "" {
		return nil
	}
	return []byte(out + "\n")
}

type mdWriter struct {
	b    strings.Builder
	prev string // type of the previous block written at this level
}

// blocks writes sibling blocks, each line prefixed with indent.
func (w *mdWriter) blocks(bs []Block, indent string) {
	num := 0
	first := true
	prevList := false
	for _, b := range bs {
		if b.Type == Paragraph && len(b.Content) == 0 && len(b.Children) == 0 {
			continue // Markdown has no empty paragraph
		}
		if b.Type == NumberedItem {
			num++
		} else {
			num = 0
		}
		list := isList(b.Type)
		if !first && !(list && prevList) {
			w.b.WriteString("\n")
		}
		first = false
		prevList = list
		w.block(b, indent, num)
	}
}

// block writes one block and its children.
func (w *mdWriter) block(b Block, indent string, num int) {
	switch b.Type {
	case Heading:
		lvl := min(max(b.Level, 1), MaxHeadingLevel)
		// A heading is one line; a closing run of # would be dropped.
		text := inlineMD(oneLineRuns(b.Content), "", false)
		if strings.HasSuffix(text, "#") {
			text = text[:len(text)-1] + "&#35;"
		}
		w.line(indent, strings.Repeat("#", lvl)+" "+text)
	case BulletItem, ToggleItem, CheckItem, NumberedItem:
		marker := "- "
		switch b.Type {
		case NumberedItem:
			marker = strconv.Itoa(num) + ". "
		case CheckItem:
			marker = "- [ ] "
			if b.Checked {
				marker = "- [x] "
			}
		}
		inner := indent + strings.Repeat(" ", len(marker))
		if b.Type == CheckItem {
			inner = indent + "  "
		}
		text := inlineMD(b.Content, inner, false)
		if text == "" && len(b.Children) > 0 {
			// An empty item with children: an empty comment keeps the
			// children inside it (reading back, it is no content).
			text = "<!-- -->"
		}
		w.line(indent, marker+text)
		if len(b.Children) > 0 {
			if !isList(b.Children[0].Type) {
				w.b.WriteString("\n")
			}
			w.blocks(b.Children, inner)
		}
		return
	case CodeBlock:
		code := Text(b.Content)
		fence := strings.Repeat("`", max(3, longestRun(code, '`')+1))
		w.line(indent, fence+codeLanguage(b.Language))
		for _, l := range strings.Split(code, "\n") {
			w.line(indent, l)
		}
		w.line(indent, fence)
	case Quote:
		w.line(indent, "> "+inlineMD(b.Content, indent+"> ", false))
	case Callout:
		// A GitHub alert: a quote whose first line names the kind.
		w.line(indent, "> [!"+alertOf(b.Kind)+"]")
		if len(b.Content) > 0 {
			w.line(indent, "> "+inlineMD(b.Content, indent+"> ", false))
		}
	case Table:
		w.table(b.Rows, indent)
	case Divider:
		w.line(indent, "---")
	case Image:
		if u, ok := safeImageURL(b.URL); ok {
			w.line(indent, "!["+labelMD(mediaLabelNoURL(b))+"]("+mdDestination(u)+")")
		} else if t := mediaLabelNoURL(b); t != "" {
			w.line(indent, inlineMD([]Inline{{Text: oneLine(t)}}, indent, false))
		}
	case File, Video, Audio:
		label := inlineMD([]Inline{{Text: oneLine(mediaLabel(b))}}, indent, false)
		if u, ok := SafeURL(b.URL); ok {
			label = "[" + labelMD(mediaLabel(b)) + "](" + mdDestination(u) + ")"
		}
		if label != "" {
			w.line(indent, label)
		}
	default:
		w.line(indent, inlineMD(b.Content, indent, false))
	}
	// Markdown nests only in lists: other blocks' children follow them.
	if len(b.Children) > 0 {
		w.b.WriteString("\n")
		w.blocks(b.Children, indent)
	}
}

// line writes one line; s may hold further lines, already indented.
func (w *mdWriter) line(indent, s string) {
	if strings.TrimSpace(s) == "" {
		w.b.WriteString(strings.TrimRight(indent, " "))
	} else {
		w.b.WriteString(indent)
	}
	w.b.WriteString(s)
	w.b.WriteString("\n")
}

// table writes a GFM table; its first row is the header row.
func (w *mdWriter) table(rows []Row, indent string) {
	n := Columns(rows)
	if n == 0 {
		return
	}
	for i, r := range rows {
		var b strings.Builder
		b.WriteString("|")
		for c := 0; c < n; c++ {
			var cell string
			if c < len(r.Cells) {
				cell = inlineMD(r.Cells[c].Content, "", true)
			}
			b.WriteString(" " + cell + " |")
		}
		w.line(indent, b.String())
		if i == 0 {
			w.line(indent, "|"+strings.Repeat(" --- |", n))
		}
	}
}

// mediaLabelNoURL is a media block's caption or name.
func mediaLabelNoURL(b Block) string {
	if b.Caption != "" {
		return b.Caption
	}
	return b.Name
}

// safeImageURL accepts the addresses of images: safe links and data: URLs
// of decodable images.
func safeImageURL(u string) (string, bool) {
	if strings.HasPrefix(u, "data:") {
		if _, ok := picture(u); ok {
			return u, true
		}
		return "", false
	}
	return SafeURL(u)
}

// codeLanguage keeps a code block's language to one safe word.
func codeLanguage(l string) string {
	return strings.Map(func(r rune) rune {
		if r == '`' || r == '~' || r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, l)
}

// mdDestination writes a link destination that cannot end the link early.
func mdDestination(u string) string {
	r := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E", "\\", "%5C")
	return r.Replace(u)
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	best, n := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

// oneLine replaces line breaks with spaces.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// labelMD writes the text of a link or image label.
func labelMD(s string) string {
	return escapeMD(strings.TrimSpace(oneLine(s)), mdEsc{})
}

// oneLineRuns replaces the line breaks of runs with spaces.
func oneLineRuns(runs []Inline) []Inline {
	out := make([]Inline, len(runs))
	for i, r := range runs {
		r.Text = oneLine(r.Text)
		out[i] = r
	}
	return out
}
