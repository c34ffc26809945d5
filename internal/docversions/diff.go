// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"strings"
	"unicode"

	"github.com/ensemble-suite/ensemble/internal/docconv"
)

// The operations of a comparison.
const (
	Kept    = "="
	Added   = "+"
	Removed = "-"
	Changed = "~" // a block whose words changed: see BlockChange.Words
)

// Segment is a run of text of a changed block: kept, added or removed.
type Segment struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// BlockChange is one block of a comparison of two versions of a document.
type BlockChange struct {
	// Op is Kept, Added, Removed or Changed.
	Op string `json:"op"`
	// Type is the block's type ("paragraph", "heading", "callout"…), the
	// newer one for a changed block.
	Type string `json:"type"`
	// Text is the block's text (a table's row per line, cells separated by
	// " | "); for a changed block, the newer text.
	Text string `json:"text"`
	// Words is a changed block's text, word by word.
	Words []Segment `json:"words,omitempty"`
	// By lists the IDs of the people (see Changes.Authors) who edited the
	// document while this change was made, when known.
	By []string `json:"by,omitempty"`
}

// flatBlock is a block as compared: its type and text, children after it.
type flatBlock struct {
	typ, text string
}

func (b flatBlock) key() string { return b.typ + "\x00" + b.text }

// flatten lists the blocks of a document in reading order, nested ones
// after their parent.
func flatten(bs []docconv.Block, out []flatBlock) []flatBlock {
	for _, b := range bs {
		var text string
		switch b.Type {
		case docconv.Table:
			var rows []string
			for _, r := range b.Rows {
				var cells []string
				for _, c := range r.Cells {
					cells = append(cells, docconv.Text(c.Content))
				}
				rows = append(rows, strings.Join(cells, " | "))
			}
			text = strings.Join(rows, "\n")
		case docconv.Image, docconv.File, docconv.Video, docconv.Audio:
			text = b.Caption
			if text == "" {
				text = b.Name
			}
		case docconv.CheckItem:
			mark := "☐ "
			if b.Checked {
				mark = "☑ "
			}
			text = mark + docconv.Text(b.Content)
		default:
			text = docconv.Text(b.Content)
		}
		if !(b.Type == docconv.Paragraph && text == "" && len(b.Children) == 0) {
			out = append(out, flatBlock{typ: b.Type, text: text})
		}
		out = flatten(b.Children, out)
	}
	return out
}

// diffBlocks compares two lists of blocks: a shortest edit over whole
// blocks, then, in each stretch of removed and added blocks, a removed
// block and an added one of the same type that share most of their words
// become one changed block, compared word by word.
func diffBlocks(a, b []flatBlock) []BlockChange {
	ka, kb := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		ka[i] = a[i].key()
	}
	for i := range b {
		kb[i] = b[i].key()
	}
	var out []BlockChange
	var removed, added []flatBlock
	flush := func() {
		out = append(out, pair(removed, added)...)
		removed, added = removed[:0], added[:0]
	}
	i, j := 0, 0
	for _, op := range diff(ka, kb) {
		switch op {
		case Kept:
			flush()
			out = append(out, BlockChange{Op: Kept, Type: b[j].typ, Text: b[j].text})
			i++
			j++
		case Removed:
			removed = append(removed, a[i])
			i++
		case Added:
			added = append(added, b[j])
			j++
		}
	}
	flush()
	return out
}

// pair turns one stretch of removed and added blocks into changes: each
// removed block is matched, in order, with the first added block after
// the last match that has its type and shares at least half its words.
func pair(removed, added []flatBlock) []BlockChange {
	var out []BlockChange
	next := 0 // first added block not yet written
	for _, r := range removed {
		match := -1
		for k := next; k < len(added); k++ {
			if added[k].typ == r.typ && similar(r.text, added[k].text) {
				match = k
				break
			}
		}
		if match < 0 {
			out = append(out, BlockChange{Op: Removed, Type: r.typ, Text: r.text})
			continue
		}
		for ; next < match; next++ {
			out = append(out, BlockChange{Op: Added, Type: added[next].typ, Text: added[next].text})
		}
		a := added[match]
		out = append(out, BlockChange{Op: Changed, Type: a.typ, Text: a.text, Words: diffWords(r.text, a.text)})
		next = match + 1
	}
	for ; next < len(added); next++ {
		out = append(out, BlockChange{Op: Added, Type: added[next].typ, Text: added[next].text})
	}
	return out
}

// similar reports whether a and b share at least half of the words of
// the longer.
func similar(a, b string) bool {
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) == 0 || len(wb) == 0 {
		return false
	}
	count := map[string]int{}
	for _, w := range wa {
		count[w]++
	}
	common := 0
	for _, w := range wb {
		if count[w] > 0 {
			count[w]--
			common++
		}
	}
	return 2*common >= max(len(wa), len(wb))
}

// words splits s into words and the spaces and punctuation between them,
// so that joining the pieces gives s back.
func words(s string) []string {
	var out []string
	start := 0
	kind := func(r rune) int {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return 0
		case unicode.IsSpace(r):
			return 1
		}
		return 2
	}
	prev := -1
	for i, r := range s {
		k := kind(r)
		if i > start && (k != prev || k == 2) {
			out = append(out, s[start:i])
			start = i
		}
		prev = k
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// diffWords compares two texts word by word, adjacent pieces of the same
// operation merged.
func diffWords(a, b string) []Segment {
	wa, wb := words(a), words(b)
	var out []Segment
	i, j := 0, 0
	emit := func(op, text string) {
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += text
			return
		}
		out = append(out, Segment{Op: op, Text: text})
	}
	for _, op := range diff(wa, wb) {
		switch op {
		case Kept:
			emit(Kept, wb[j])
			i++
			j++
		case Removed:
			emit(Removed, wa[i])
			i++
		case Added:
			emit(Added, wb[j])
			j++
		}
	}
	return out
}

// maxDiffCells bounds the table of a comparison (items × items, once the
// common start and end are set aside); past it, the middle is given as
// removed then added.
const maxDiffCells = 4_000_000

// diff returns a shortest edit from a to b: a longest common subsequence
// kept (Kept), the rest removed from a (Removed) or added from b (Added),
// in order.
func diff(a, b []string) []string {
	out := make([]string, 0, max(len(a), len(b)))
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		out = append(out, Kept)
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		for range ma {
			out = append(out, Removed)
		}
		for range mb {
			out = append(out, Added)
		}
	} else {
		out = append(out, lcs(ma, mb)...)
	}
	for range suf {
		out = append(out, Kept)
	}
	return out
}

// lcs is diff by dynamic programming over every pair of items.
func lcs(a, b []string) []string {
	n, m := len(a), len(b)
	// t[i*(m+1)+j] is the length of the longest common subsequence of a[i:] and b[j:].
	w := m + 1
	t := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i*w+j] = t[(i+1)*w+j+1] + 1
			} else {
				t[i*w+j] = max(t[(i+1)*w+j], t[i*w+j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, Kept)
			i++
			j++
		case t[(i+1)*w+j] >= t[i*w+j+1]:
			out = append(out, Removed)
			i++
		default:
			out = append(out, Added)
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Removed)
	}
	for ; j < m; j++ {
		out = append(out, Added)
	}
	return out
}
