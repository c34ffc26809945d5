// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// Callouts are written in Markdown as GitHub alerts: a quote whose first
// line is "[!NOTE]", "[!TIP]", "[!WARNING]" or "[!CAUTION]".
var alerts = map[string]string{"info": "NOTE", "success": "TIP", "warning": "WARNING", "danger": "CAUTION"}

// alertKinds maps GitHub's alert names back to callout kinds; IMPORTANT,
// which callouts lack, reads as a warning.
var alertKinds = map[string]string{"NOTE": "info", "TIP": "success", "IMPORTANT": "warning", "WARNING": "warning", "CAUTION": "danger"}

// alertOf returns the GitHub alert name of a callout kind.
func alertOf(kind string) string { return alerts[CalloutKind(kind)] }

// alert reports whether paragraph p, the first of a block quote, starts
// with a GitHub alert marker alone on its line, and returns the callout
// kind and how many characters of p's text the marker and the line end
// take. The raw source is read: an escaped "\[!NOTE]" is text.
func (c *mdReader) alert(p *ast.Paragraph) (string, int, bool) {
	lines := p.Lines()
	if lines.Len() == 0 {
		return "", 0, false
	}
	seg := lines.At(0)
	first := bytes.TrimSpace(seg.Value(c.src))
	if len(first) < 4 || first[0] != '[' || first[1] != '!' || first[len(first)-1] != ']' {
		return "", 0, false
	}
	name := strings.ToUpper(string(first[2 : len(first)-1]))
	kind, ok := alertKinds[name]
	if !ok {
		return "", 0, false
	}
	n := len(first)
	if lines.Len() > 1 {
		n++ // the line end, read as a space or a break
	}
	return kind, n, true
}

// dropText returns runs without their first n bytes of text.
func dropText(runs []Inline, n int) []Inline {
	for len(runs) > 0 && n > 0 {
		if len(runs[0].Text) > n {
			r := runs[0]
			r.Text = r.Text[n:]
			return append([]Inline{r}, runs[1:]...)
		}
		n -= len(runs[0].Text)
		runs = runs[1:]
	}
	return runs
}
