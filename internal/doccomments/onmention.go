// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"context"
	"encoding/json"
	"strings"
)

// Mention is what the mention hook hears: people newly mentioned in a
// comment, once it is stored.
type Mention struct {
	DocID, ThreadID, ActorID string
	// UserIDs are the people mentioned (never the actor).
	UserIDs []string
	// Excerpt is the comment's text, plain.
	Excerpt string
}

// SetOnMention sets the hook called after a comment that mentions people
// is stored (the in-app notifications are then in place). The server uses
// it to send mail; it must not block.
func (s *Service) SetOnMention(f func(ctx context.Context, m Mention)) { s.onMention = f }

// mentionedIn calls the mention hook, if any, for users mentioned in body.
func (s *Service) mentionedIn(ctx context.Context, docID, threadID, actorID string, users []string, body json.RawMessage) {
	if s.onMention == nil || len(users) == 0 {
		return
	}
	s.onMention(ctx, Mention{DocID: docID, ThreadID: threadID, ActorID: actorID, UserIDs: users, Excerpt: PlainText(body)})
}

// PlainText returns the text of a comment body: the string itself, or the
// "text" values of rich text, in order.
func PlainText(body json.RawMessage) string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			b.WriteString(v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			if t, ok := v["text"].(string); ok {
				b.WriteString(t)
			}
			if c, ok := v["content"]; ok {
				walk(c)
				if _, block := v["type"].(string); block {
					b.WriteString("\n")
				}
			}
		}
	}
	walk(v)
	return strings.TrimSpace(b.String())
}
