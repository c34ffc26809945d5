// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// NewThread is what starts a thread.
type NewThread struct {
	Anchor   json.RawMessage `json:"anchor"`
	Quote    string          `json:"quote"`
	Body     json.RawMessage `json:"body"`
	Mentions []string        `json:"mentions"`
}

// Message is the body of a reply or an edit, with the people it mentions.
type Message struct {
	Body     json.RawMessage `json:"body"`
	Mentions []string        `json:"mentions"`
}

// KindMention is the kind of the notification of someone mentioned.
const KindMention = "mention"

// authorize returns docID as userID sees it: errs.NotFound to whoever may
// not read it, errs.Forbidden to a reader when comment is true.
func (s *Service) authorize(ctx context.Context, docID, userID string, comment bool) (docs.Doc, error) {
	d, err := s.docs.Get(ctx, docID, userID)
	if err != nil {
		return docs.Doc{}, err
	}
	if comment && (userID == "" || !d.Abilities["comment"]) {
		return docs.Doc{}, errs.Explain(errs.Forbidden, "only commenters, editors and administrators of this document may comment")
	}
	return d, nil
}

// mentioned checks the people mentioned in a comment by actorID on docID:
// each must be able to read the document.
func (s *Service) mentioned(ctx context.Context, docID, actorID string, mentions []string) ([]string, error) {
	list, err := checkMentions(mentions, actorID)
	if err != nil {
		return nil, err
	}
	for _, u := range list {
		ok, err := s.docs.CanRead(ctx, docID, u)
		if err != nil {
			return nil, fmt.Errorf("doccomments: may %q read %q: %w", u, docID, err)
		}
		if !ok {
			return nil, errs.Explain(errs.Invalid, "mentions: user %s cannot read this document; share it with them before mentioning them", u)
		}
	}
	return list, nil
}

// List returns the threads of docID, oldest first, if userID may read it.
func (s *Service) List(ctx context.Context, docID, userID string) ([]Thread, error) {
	if _, err := s.authorize(ctx, docID, userID, false); err != nil {
		return nil, err
	}
	return s.threads(ctx, docID, "")
}

// Create starts a thread on docID by userID, a commenter or more, with its
// first comment, and notifies the people mentioned.
func (s *Service) Create(ctx context.Context, userID, docID string, in NewThread) (Thread, error) {
	anchor, err := checkAnchor(in.Anchor)
	if err != nil {
		return Thread{}, err
	}
	quote, err := checkQuote(in.Quote)
	if err != nil {
		return Thread{}, err
	}
	body, err := checkBody(in.Body)
	if err != nil {
		return Thread{}, err
	}
	if _, err := s.authorize(ctx, docID, userID, true); err != nil {
		return Thread{}, err
	}
	mentions, err := s.mentioned(ctx, docID, userID, in.Mentions)
	if err != nil {
		return Thread{}, err
	}
	tid, now := ids.New(), s.stamp()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_threads (id, doc_id, anchor, quote, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
			tid, docID, string(anchor), quote, userID, db.Time(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_comments (id, thread_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5)`,
			ids.New(), tid, userID, string(body), db.Time(now)); err != nil {
			return err
		}
		return s.notify(ctx, tx, mentions, KindMention, docID, tid, userID, now)
	})
	if err != nil {
		return Thread{}, fmt.Errorf("doccomments: start a thread on %q: %w", docID, err)
	}
	s.mentionedIn(ctx, docID, tid, userID, mentions, body)
	return s.thread(ctx, docID, tid)
}

// Reply adds a comment to thread threadID of docID by userID, a commenter
// or more, and notifies the people mentioned. Replying reopens nothing: a
// resolved thread stays resolved.
func (s *Service) Reply(ctx context.Context, userID, docID, threadID string, in Message) (Comment, error) {
	body, err := checkBody(in.Body)
	if err != nil {
		return Comment{}, err
	}
	if _, err := s.authorize(ctx, docID, userID, true); err != nil {
		return Comment{}, err
	}
	mentions, err := s.mentioned(ctx, docID, userID, in.Mentions)
	if err != nil {
		return Comment{}, err
	}
	if _, err := s.thread(ctx, docID, threadID); err != nil {
		return Comment{}, err
	}
	cid, now := ids.New(), s.stamp()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_comments (id, thread_id, author, body, created_at) VALUES ($1, $2, $3, $4, $5)`,
			cid, threadID, userID, string(body), db.Time(now)); err != nil {
			return err
		}
		return s.notify(ctx, tx, mentions, KindMention, docID, threadID, userID, now)
	})
	if err != nil {
		return Comment{}, fmt.Errorf("doccomments: reply in %q: %w", threadID, err)
	}
	s.mentionedIn(ctx, docID, threadID, userID, mentions, body)
	return s.findComment(ctx, docID, cid)
}

// Edit replaces the body of comment commentID of docID; only its author,
// still a commenter or more, may. People newly mentioned are notified.
func (s *Service) Edit(ctx context.Context, userID, docID, commentID string, in Message) (Comment, error) {
	body, err := checkBody(in.Body)
	if err != nil {
		return Comment{}, err
	}
	if _, err := s.authorize(ctx, docID, userID, true); err != nil {
		return Comment{}, err
	}
	c, err := s.comment(ctx, docID, commentID)
	if err != nil {
		return Comment{}, err
	}
	if c.Deleted {
		return Comment{}, fmt.Errorf("doccomments: comment %q: %w", commentID, errs.NotFound)
	}
	if c.Author == nil || c.Author.ID != userID {
		return Comment{}, errs.Explain(errs.Forbidden, "only the author of a comment may edit it")
	}
	mentions, err := s.mentioned(ctx, docID, userID, in.Mentions)
	if err != nil {
		return Comment{}, err
	}
	now := s.stamp()
	var fresh []string
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		fresh = nil
		if _, err := tx.ExecContext(ctx, `UPDATE doc_comments SET body = $1, edited_at = $2 WHERE id = $3`, string(body), db.Time(now), commentID); err != nil {
			return err
		}
		for _, u := range mentions {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM notifications WHERE user_id = $1 AND thread_id = $2 AND kind = $3 AND read_at IS NULL`,
				u, c.ThreadID, KindMention).Scan(&one)
			if err == sql.ErrNoRows {
				fresh = append(fresh, u)
			} else if err != nil {
				return err
			}
		}
		return s.notify(ctx, tx, fresh, KindMention, docID, c.ThreadID, userID, now)
	})
	if err != nil {
		return Comment{}, fmt.Errorf("doccomments: edit %q: %w", commentID, err)
	}
	s.mentionedIn(ctx, docID, c.ThreadID, userID, fresh, body)
	return s.findComment(ctx, docID, commentID)
}

// Delete deletes comment commentID of docID: its author (still a
// commenter) or an administrator of the document may. The comment keeps
// its place in the thread, without its body; a thread whose comments are
// all deleted goes.
func (s *Service) Delete(ctx context.Context, userID, docID, commentID string) error {
	d, err := s.authorize(ctx, docID, userID, false)
	if err != nil {
		return err
	}
	c, err := s.comment(ctx, docID, commentID)
	if err != nil {
		return err
	}
	admin := userID != "" && d.Abilities["share"]
	author := c.Author != nil && c.Author.ID == userID && d.Abilities["comment"]
	if !admin && !author {
		return errs.Explain(errs.Forbidden, "only the author of a comment or an administrator of the document may delete it")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE doc_comments SET body = '""', deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL`,
			db.Time(s.stamp()), commentID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM doc_comment_reactions WHERE comment_id = $1`, commentID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM doc_threads WHERE id = $1 AND NOT EXISTS
			(SELECT 1 FROM doc_comments WHERE thread_id = $1 AND deleted_at IS NULL)`, c.ThreadID)
		return err
	})
	if err != nil {
		return fmt.Errorf("doccomments: delete %q: %w", commentID, err)
	}
	return nil
}

// SetResolved resolves (or, with resolved false, reopens) thread threadID
// of docID, by userID, a commenter or more.
func (s *Service) SetResolved(ctx context.Context, userID, docID, threadID string, resolved bool) (Thread, error) {
	if _, err := s.authorize(ctx, docID, userID, true); err != nil {
		return Thread{}, err
	}
	if _, err := s.thread(ctx, docID, threadID); err != nil {
		return Thread{}, err
	}
	var err error
	if resolved {
		_, err = s.db.ExecContext(ctx, `UPDATE doc_threads SET resolved_at = $1, resolved_by = $2 WHERE id = $3 AND resolved_at IS NULL`,
			db.Time(s.stamp()), userID, threadID)
	} else {
		_, err = s.db.ExecContext(ctx, `UPDATE doc_threads SET resolved_at = NULL, resolved_by = NULL WHERE id = $1`, threadID)
	}
	if err != nil {
		return Thread{}, fmt.Errorf("doccomments: resolve %q: %w", threadID, err)
	}
	return s.thread(ctx, docID, threadID)
}

// React adds (on) or removes userID's reaction emoji on comment commentID
// of docID; doing it twice changes nothing. userID must be a commenter or
// more. It returns the comment.
func (s *Service) React(ctx context.Context, userID, docID, commentID, emoji string, on bool) (Comment, error) {
	if !ValidEmoji(emoji) {
		return Comment{}, errs.Explain(errs.Invalid, "emoji: one emoji, at most %d bytes", MaxEmoji)
	}
	if _, err := s.authorize(ctx, docID, userID, true); err != nil {
		return Comment{}, err
	}
	c, err := s.comment(ctx, docID, commentID)
	if err != nil {
		return Comment{}, err
	}
	if c.Deleted {
		return Comment{}, fmt.Errorf("doccomments: comment %q: %w", commentID, errs.NotFound)
	}
	if on {
		_, err = s.db.ExecContext(ctx, `INSERT INTO doc_comment_reactions (comment_id, user_id, emoji, created_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (comment_id, user_id, emoji) DO NOTHING`, commentID, userID, emoji, db.Time(s.stamp()))
	} else {
		_, err = s.db.ExecContext(ctx, `DELETE FROM doc_comment_reactions WHERE comment_id = $1 AND user_id = $2 AND emoji = $3`, commentID, userID, emoji)
	}
	if err != nil {
		return Comment{}, fmt.Errorf("doccomments: react to %q: %w", commentID, err)
	}
	return s.findComment(ctx, docID, commentID)
}
