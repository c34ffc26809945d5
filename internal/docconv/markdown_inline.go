// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"strconv"
	"strings"
)

// mdMark is one inline mark as Markdown writes it, outermost first.
type mdMark struct {
	kind string // "link", "bold", "italic", "strike", "underline"
	href string
}

func (m mdMark) open() string {
	switch m.kind {
	case "link":
		return "["
	case "bold":
		return "**"
	case "italic":
		return "*"
	case "strike":
		return "~~"
	}
	return "<u>"
}

func (m mdMark) close() string {
	switch m.kind {
	case "link":
		return "](" + mdDestination(m.href) + ")"
	case "bold":
		return "**"
	case "italic":
		return "*"
	case "strike":
		return "~~"
	}
	return "</u>"
}

// marksOf lists the marks of a run in their fixed nesting order.
func marksOf(r Inline) []mdMark {
	var ms []mdMark
	if r.Href != "" {
		if u, ok := SafeURL(r.Href); ok {
			ms = append(ms, mdMark{kind: "link", href: u})
		}
	}
	if strings.TrimSpace(r.Text) == "" {
		return ms // emphasis around blanks does not parse
	}
	if r.Bold {
		ms = append(ms, mdMark{kind: "bold"})
	}
	if r.Italic {
		ms = append(ms, mdMark{kind: "italic"})
	}
	if r.Strike {
		ms = append(ms, mdMark{kind: "strike"})
	}
	if r.Underline {
		ms = append(ms, mdMark{kind: "underline"})
	}
	return ms
}

// inlineMD writes runs as Markdown inline content. A hard line break
// becomes a backslash at the end of the line, and the next line starts with
// cont. In a table cell, line breaks become spaces and pipes are escaped.
func inlineMD(runs []Inline, cont string, inTable bool) string {
	runs = trimBreaks(runs, inTable)
	var out []byte
	var stack []mdMark
	lineStart := true
	closeTo := func(n int) {
		// Move trailing blanks out of the marks being closed.
		end := len(out)
		for end > 0 && out[end-1] == ' ' {
			end--
		}
		blanks := len(out) - end
		out = out[:end]
		for len(stack) > n {
			out = append(out, stack[len(stack)-1].close()...)
			stack = stack[:len(stack)-1]
		}
		out = append(out, strings.Repeat(" ", blanks)...)
	}
	for ri, r := range runs {
		want := marksOf(r)
		keep := 0
		for keep < len(stack) && keep < len(want) && stack[keep] == want[keep] {
			keep++
		}
		closeTo(keep)
		text := r.Text
		if keep < len(want) {
			// Leading blanks stay outside the marks being opened.
			trimmed := strings.TrimLeft(text, " ")
			lead := text[:len(text)-len(trimmed)]
			if lineStart {
				out = append(out, strings.Repeat("&#32;", len(lead))...)
			} else {
				out = append(out, lead...)
			}
			text = trimmed
			for _, m := range want[keep:] {
				out = append(out, m.open()...)
				stack = append(stack, m)
			}
		}
		parts := strings.Split(text, "\n")
		for i, part := range parts {
			if i > 0 {
				out = append(out, lineBreak(cont, inTable)...)
				lineStart = true
			}
			if part == "" {
				continue
			}
			if r.Code {
				out = append(out, codeSpan(part, inTable)...)
			} else {
				atEnd := i < len(parts)-1 || ri == len(runs)-1 || strings.HasPrefix(runs[ri+1].Text, "\n")
				out = append(out, escapeMD(part, mdEsc{block: lineStart && len(stack) == 0, lead: lineStart, trail: atEnd, table: inTable})...)
			}
			lineStart = false
		}
	}
	closeTo(0)
	return string(out)
}

// trimBreaks drops line breaks at the start and end of a block, which
// Markdown cannot hold, and normalizes the runs.
func trimBreaks(runs []Inline, inTable bool) []Inline {
	runs = Normalize(runs)
	out := make([]Inline, len(runs))
	copy(out, runs)
	for i := range out {
		if inTable {
			out[i].Text = strings.ReplaceAll(out[i].Text, "\n", " ")
		}
	}
	for len(out) > 0 {
		out[0].Text = strings.TrimLeft(out[0].Text, "\n")
		if out[0].Text != "" {
			break
		}
		out = out[1:]
	}
	for len(out) > 0 {
		n := len(out) - 1
		out[n].Text = strings.TrimRight(out[n].Text, "\n")
		if out[n].Text != "" {
			break
		}
		out = out[:n]
	}
	return out
}

func lineBreak(cont string, inTable bool) string {
	if inTable {
		return " "
	}
	return "\\\n" + cont
}

// codeSpan writes s as a code span with a fence longer than any run of
// backticks inside.
func codeSpan(s string, inTable bool) string {
	if inTable {
		s = strings.ReplaceAll(s, "|", "\\|")
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") ||
		(strings.HasPrefix(s, " ") && strings.HasSuffix(s, " ") && strings.Trim(s, " ") != "") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// mdEsc says where a piece of text stands: at the start of a block line
// (block), after a line start (lead: leading blanks would be dropped), at
// the end of a line (trail), in a table cell.
type mdEsc struct {
	block, lead, trail, table bool
}

// escapeMD escapes text so that it reads back as the same text.
func escapeMD(s string, e mdEsc) string {
	var b strings.Builder
	var tail string
	if e.lead {
		t := strings.TrimLeft(s, " \t")
		b.WriteString(blankRefs(s[:len(s)-len(t)]))
		s = t
	}
	if e.trail {
		t := strings.TrimRight(s, " \t")
		tail = blankRefs(s[len(t):])
		s = t
	}
	if e.block {
		s = escapeLineStart(s, &b)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '*', '_', '~':
			if i == 0 || i == len(s)-1 {
				// Next to a delimiter an escaped one would join its run:
				// a character reference never does.
				b.WriteString("&#" + strconv.Itoa(int(c)) + ";")
				continue
			}
			b.WriteByte('\\')
		case '\\', '`', '[', ']', '<', '>':
			b.WriteByte('\\')
		case '|':
			if e.table {
				b.WriteByte('\\')
			}
		case '&':
			if i+1 < len(s) && (s[i+1] == '#' || isASCIIAlnum(s[i+1])) {
				b.WriteByte('\\')
			}
		}
		b.WriteByte(c)
	}
	b.WriteString(tail)
	return b.String()
}

// blankRefs writes blanks as character references, which Markdown keeps.
func blankRefs(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch c {
		case ' ':
			b.WriteString("&#32;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// escapeLineStart escapes what would start a block at the start of a line
// (a heading, list, quote, rule, setext underline) and returns the rest.
func escapeLineStart(s string, b *strings.Builder) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '#', '+', '-', '=', '>':
		b.WriteByte('\\')
		b.WriteByte(s[0])
		return s[1:]
	}
	i := 0
	for i < len(s) && i < 10 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		b.WriteString(s[:i])
		b.WriteByte('\\')
		b.WriteByte(s[i])
		return s[i+1:]
	}
	return s
}

func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
