// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"context"
	"fmt"
	"strings"
)

// Line is one line of a comparison: kept ("="), added ("+") or removed
// ("-").
type Line struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Changes is what changed in a document since a version: its Markdown,
// line by line, and who is known to have worked on it since.
type Changes struct {
	Since Version `json:"since"`
	// Added and Removed count the lines that are not blank.
	Added   int    `json:"added"`
	Removed int    `json:"removed"`
	Lines   []Line `json:"lines"`
	// Authors are the people who saved or restored a version since: the
	// collaboration log does not record who made each edit.
	Authors []Person `json:"authors"`
	// AutoVersions counts the automatic versions taken since, each a sign
	// of editing.
	AutoVersions int `json:"auto_versions"`
}

// Changes compares version vid of docID with its current content, if
// userID may read it.
func (s *Service) Changes(ctx context.Context, docID, vid, userID string) (Changes, error) {
	if err := s.authorize(ctx, docID, userID, false); err != nil {
		return Changes{}, err
	}
	v, state, err := s.get(ctx, docID, vid)
	if err != nil {
		return Changes{}, err
	}
	then, err := markdownOf(state)
	if err != nil {
		return Changes{}, err
	}
	cur, err := s.content.EncodeState(ctx, docID)
	if err != nil {
		return Changes{}, fmt.Errorf("docversions: read %q: %w", docID, err)
	}
	now, err := markdownOf(cur)
	if err != nil {
		return Changes{}, err
	}
	c := Changes{Since: v, Lines: diffLines(splitLines(then), splitLines(now)), Authors: []Person{}}
	for _, l := range c.Lines {
		if strings.TrimSpace(l.Text) == "" {
			continue
		}
		switch l.Op {
		case "+":
			c.Added++
		case "-":
			c.Removed++
		}
	}
	later, err := s.since(ctx, docID, v.ID)
	if err != nil {
		return Changes{}, err
	}
	seen := map[string]bool{}
	for _, l := range later {
		if l.Auto {
			c.AutoVersions++
		}
		if l.CreatedBy != nil && !seen[l.CreatedBy.ID] {
			seen[l.CreatedBy.ID] = true
			c.Authors = append(c.Authors, *l.CreatedBy)
		}
	}
	return c, nil
}

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// maxDiffCells bounds the table of the comparison (lines × lines, after
// the common start and end are set aside); past it, the middle is shown
// as removed then added.
const maxDiffCells = 4_000_000

// diffLines returns the lines of a and b as a shortest edit: a longest
// common subsequence of lines kept, the rest removed from a or added
// from b.
func diffLines(a, b []string) []Line {
	out := []Line{}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		out = append(out, Line{"=", a[pre]})
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if len(ma)*len(mb) > maxDiffCells {
		for _, l := range ma {
			out = append(out, Line{"-", l})
		}
		for _, l := range mb {
			out = append(out, Line{"+", l})
		}
	} else {
		out = append(out, lcsDiff(ma, mb)...)
	}
	for _, l := range a[len(a)-suf:] {
		out = append(out, Line{"=", l})
	}
	return out
}

// lcsDiff is diffLines by dynamic programming over every pair of lines.
func lcsDiff(a, b []string) []Line {
	n, m := len(a), len(b)
	// t[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	t := make([][]int32, n+1)
	for i := range t {
		t[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	var out []Line
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, Line{"=", a[i]})
			i++
			j++
		case t[i+1][j] >= t[i][j+1]:
			out = append(out, Line{"-", a[i]})
			i++
		default:
			out = append(out, Line{"+", b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, Line{"-", a[i]})
	}
	for ; j < m; j++ {
		out = append(out, Line{"+", b[j]})
	}
	return out
}
