// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Limits of what a comment may hold.
const (
	// MaxBody is the largest body of a comment, in bytes of JSON.
	MaxBody = 32 << 10
	// MaxText is the longest plain-text body, in characters.
	MaxText = 10000
	// MaxAnchor is the largest anchor, in bytes of JSON.
	MaxAnchor = 8 << 10
	// MaxQuote is the longest quote, in characters.
	MaxQuote = 2000
	// MaxMentions is the most people one comment may mention.
	MaxMentions = 20
	// MaxEmoji is the longest reaction, in bytes.
	MaxEmoji = 32
)

// checkBody returns a comment's body, compacted: a JSON string of plain
// text, or the client's rich text (BlockNote blocks) as a JSON array or
// object.
func checkBody(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > MaxBody {
		return nil, errs.Explain(errs.Invalid, "body: at most %d bytes", MaxBody)
	}
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, errs.Explain(errs.Invalid, "body: a comment needs some text")
	}
	switch raw[0] {
	case '"':
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, errs.Explain(errs.Invalid, "body: not a JSON string")
		}
		text = strings.TrimSpace(text)
		if text == "" {
			return nil, errs.Explain(errs.Invalid, "body: a comment needs some text")
		}
		if utf8.RuneCountInString(text) > MaxText || strings.ContainsRune(text, 0) {
			return nil, errs.Explain(errs.Invalid, "body: at most %d characters of text", MaxText)
		}
		out, _ := json.Marshal(text)
		return out, nil
	case '[', '{':
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			return nil, errs.Explain(errs.Invalid, "body: not valid JSON")
		}
		if b.String() == "[]" || b.String() == "{}" {
			return nil, errs.Explain(errs.Invalid, "body: a comment needs some text")
		}
		return b.Bytes(), nil
	}
	return nil, errs.Explain(errs.Invalid, "body: plain text (a JSON string) or rich text (a JSON array or object)")
}

// checkAnchor returns a thread's anchor, compacted: null or the client's
// JSON object or array, kept as it is.
func checkAnchor(raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return json.RawMessage("null"), nil
	}
	if len(raw) > MaxAnchor {
		return nil, errs.Explain(errs.Invalid, "anchor: at most %d bytes", MaxAnchor)
	}
	if raw[0] != '{' && raw[0] != '[' && !bytes.Equal(raw, []byte("null")) {
		return nil, errs.Explain(errs.Invalid, "anchor: a JSON object, array or null")
	}
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, errs.Explain(errs.Invalid, "anchor: not valid JSON")
	}
	return b.Bytes(), nil
}

// checkQuote returns the quoted text, trimmed.
func checkQuote(q string) (string, error) {
	q = strings.TrimSpace(q)
	if !utf8.ValidString(q) || utf8.RuneCountInString(q) > MaxQuote || strings.ContainsRune(q, 0) {
		return "", errs.Explain(errs.Invalid, "quote: at most %d characters of text", MaxQuote)
	}
	return q, nil
}

// checkMentions returns the distinct user IDs mentioned, without actorID.
func checkMentions(mentions []string, actorID string) ([]string, error) {
	if len(mentions) > MaxMentions {
		return nil, errs.Explain(errs.Invalid, "mentions: at most %d people", MaxMentions)
	}
	var out []string
	for _, id := range mentions {
		if !ids.Valid(id) {
			return nil, errs.Explain(errs.Invalid, "mentions: %q is not a user ID", id)
		}
		if id != actorID && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// ValidEmoji reports whether e is a short emoji: symbols, with the
// modifiers, joiners and variation selectors emoji sequences use.
func ValidEmoji(e string) bool {
	if e == "" || len(e) > MaxEmoji || !utf8.ValidString(e) {
		return false
	}
	symbol := false
	for _, r := range e {
		switch {
		case unicode.Is(unicode.So, r):
			symbol = true
		case unicode.Is(unicode.Sk, r), unicode.Is(unicode.Mn, r), unicode.Is(unicode.Me, r), r == 0x200D,
			r >= 0xE0020 && r <= 0xE007F: // tags, for subdivision flags
		default:
			return false
		}
	}
	return symbol
}
