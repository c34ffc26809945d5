// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav

import (
	"strings"
)

// condition is one condition of an If header list: a state token or an
// entity tag, possibly negated.
type condition struct {
	not   bool
	token string // without the angle brackets
	etag  string // with its quotes
}

// ifList is one parenthesised list, with the resource it applies to (its
// tag, or "" for the request's URL).
type ifList struct {
	resource   string
	conditions []condition
}

// parseIf parses an If header (RFC 4918 section 10.4). It reports false
// for a malformed header.
func parseIf(h string) ([]ifList, bool) {
	var lists []ifList
	s := strings.TrimSpace(h)
	tag, tagged := "", false
	for s != "" {
		switch s[0] {
		case '<':
			end := strings.IndexByte(s, '>')
			if end < 0 || (len(lists) > 0 && !tagged) {
				return nil, false
			}
			tag, tagged = s[1:end], true
			s = strings.TrimSpace(s[end+1:])
			if !strings.HasPrefix(s, "(") {
				return nil, false
			}
		case '(':
			if len(lists) > 0 && tagged != (tag != "") {
				return nil, false
			}
			end := strings.IndexByte(s, ')')
			if end < 0 {
				return nil, false
			}
			conds, ok := parseConditions(s[1:end])
			if !ok {
				return nil, false
			}
			lists = append(lists, ifList{resource: tag, conditions: conds})
			s = strings.TrimSpace(s[end+1:])
		default:
			return nil, false
		}
	}
	return lists, len(lists) > 0
}

func parseConditions(s string) ([]condition, bool) {
	var out []condition
	s = strings.TrimSpace(s)
	for s != "" {
		var c condition
		if len(s) >= 3 && strings.EqualFold(s[:3], "not") {
			c.not = true
			s = strings.TrimSpace(s[3:])
		}
		if s == "" {
			return nil, false
		}
		switch s[0] {
		case '<':
			end := strings.IndexByte(s, '>')
			if end < 0 {
				return nil, false
			}
			c.token = s[1:end]
			s = s[end+1:]
		case '[':
			end := strings.IndexByte(s, ']')
			if end < 0 {
				return nil, false
			}
			c.etag = strings.TrimPrefix(s[1:end], "W/")
			s = s[end+1:]
		default:
			return nil, false
		}
		out = append(out, c)
		s = strings.TrimSpace(s)
	}
	return out, len(out) > 0
}
