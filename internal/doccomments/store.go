// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// person returns a Person of an ID and name, nil for a deleted account.
func person(id, name sql.NullString) *Person {
	if !id.Valid || id.String == "" {
		return nil
	}
	return &Person{ID: id.String, Name: name.String}
}

// optTime parses a nullable stored time.
func optTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t, _ := db.ParseTime(s.String)
	return &t
}

const selectThread = `SELECT t.id, t.doc_id, t.anchor, t.quote, t.resolved_at, t.resolved_by, rb.name, t.created_by, cb.name, t.created_at
	FROM doc_threads t LEFT JOIN users rb ON rb.id = t.resolved_by LEFT JOIN users cb ON cb.id = t.created_by`

func scanThread(sc interface{ Scan(...any) error }) (Thread, error) {
	var t Thread
	var anchor, at string
	var resolvedAt, rbID, rbName, cbID, cbName sql.NullString
	if err := sc.Scan(&t.ID, &t.DocID, &anchor, &t.Quote, &resolvedAt, &rbID, &rbName, &cbID, &cbName, &at); err != nil {
		return Thread{}, err
	}
	t.Anchor = json.RawMessage(anchor)
	t.ResolvedAt = optTime(resolvedAt)
	t.Resolved = t.ResolvedAt != nil
	t.ResolvedBy = person(rbID, rbName)
	t.CreatedBy = person(cbID, cbName)
	t.CreatedAt, _ = db.ParseTime(at)
	t.Comments = []Comment{}
	return t, nil
}

const selectComment = `SELECT c.id, c.thread_id, c.author, u.name, c.body, c.created_at, c.edited_at, c.deleted_at
	FROM doc_comments c JOIN doc_threads t ON t.id = c.thread_id LEFT JOIN users u ON u.id = c.author`

func scanComment(sc interface{ Scan(...any) error }) (Comment, error) {
	var c Comment
	var body, at string
	var authorID, authorName, edited, deleted sql.NullString
	if err := sc.Scan(&c.ID, &c.ThreadID, &authorID, &authorName, &body, &at, &edited, &deleted); err != nil {
		return Comment{}, err
	}
	c.Author = person(authorID, authorName)
	c.Body = json.RawMessage(body)
	c.CreatedAt, _ = db.ParseTime(at)
	c.EditedAt = optTime(edited)
	c.Deleted = deleted.Valid
	if c.Deleted {
		c.Body = json.RawMessage(`""`)
	}
	c.Reactions = []Reaction{}
	return c, nil
}

// threads returns the threads of docID (or only threadID if not empty),
// oldest first, with their comments and reactions.
func (s *Service) threads(ctx context.Context, docID, threadID string) ([]Thread, error) {
	where, args := ` WHERE t.doc_id = $1`, []any{docID}
	if threadID != "" {
		where, args = where+` AND t.id = $2`, append(args, threadID)
	}
	rows, err := s.db.QueryContext(ctx, selectThread+where+` ORDER BY t.created_at, t.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("doccomments: threads of %q: %w", docID, err)
	}
	out := []Thread{}
	at := map[string]int{}
	for rows.Next() {
		t, err := scanThread(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("doccomments: read a thread: %w", err)
		}
		at[t.ID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("doccomments: threads of %q: %w", docID, err)
	}
	if len(out) == 0 {
		return out, nil
	}
	rows, err = s.db.QueryContext(ctx, selectComment+where+` ORDER BY c.created_at, c.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("doccomments: comments of %q: %w", docID, err)
	}
	where2 := map[string][2]int{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("doccomments: read a comment: %w", err)
		}
		i, ok := at[c.ThreadID]
		if !ok {
			continue
		}
		where2[c.ID] = [2]int{i, len(out[i].Comments)}
		out[i].Comments = append(out[i].Comments, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("doccomments: comments of %q: %w", docID, err)
	}
	rows, err = s.db.QueryContext(ctx, `SELECT r.comment_id, r.emoji, r.user_id FROM doc_comment_reactions r
		JOIN doc_comments c ON c.id = r.comment_id JOIN doc_threads t ON t.id = c.thread_id`+where+
		` ORDER BY r.created_at, r.emoji, r.user_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("doccomments: reactions of %q: %w", docID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var cid, emoji, uid string
		if err := rows.Scan(&cid, &emoji, &uid); err != nil {
			return nil, fmt.Errorf("doccomments: read a reaction: %w", err)
		}
		p, ok := where2[cid]
		if !ok {
			continue
		}
		c := &out[p[0]].Comments[p[1]]
		added := false
		for j := range c.Reactions {
			if c.Reactions[j].Emoji == emoji {
				c.Reactions[j].UserIDs = append(c.Reactions[j].UserIDs, uid)
				added = true
			}
		}
		if !added {
			c.Reactions = append(c.Reactions, Reaction{Emoji: emoji, UserIDs: []string{uid}})
		}
	}
	return out, rows.Err()
}

// thread returns thread threadID of docID; errs.NotFound if there is none.
func (s *Service) thread(ctx context.Context, docID, threadID string) (Thread, error) {
	list, err := s.threads(ctx, docID, threadID)
	if err != nil {
		return Thread{}, err
	}
	if len(list) == 0 {
		return Thread{}, fmt.Errorf("doccomments: thread %q: %w", threadID, errs.NotFound)
	}
	return list[0], nil
}

// comment returns comment commentID of docID, without reactions;
// errs.NotFound if there is none.
func (s *Service) comment(ctx context.Context, docID, commentID string) (Comment, error) {
	c, err := scanComment(s.db.QueryRowContext(ctx, selectComment+` WHERE c.id = $1 AND t.doc_id = $2`, commentID, docID))
	if errors.Is(err, sql.ErrNoRows) {
		return Comment{}, fmt.Errorf("doccomments: comment %q: %w", commentID, errs.NotFound)
	}
	if err != nil {
		return Comment{}, fmt.Errorf("doccomments: comment %q: %w", commentID, err)
	}
	return c, nil
}

// findComment returns comment commentID of docID with its reactions.
func (s *Service) findComment(ctx context.Context, docID, commentID string) (Comment, error) {
	c, err := s.comment(ctx, docID, commentID)
	if err != nil {
		return Comment{}, err
	}
	t, err := s.thread(ctx, docID, c.ThreadID)
	if err != nil {
		return Comment{}, err
	}
	for _, x := range t.Comments {
		if x.ID == commentID {
			return x, nil
		}
	}
	return Comment{}, fmt.Errorf("doccomments: comment %q: %w", commentID, errs.NotFound)
}

// notify adds a notification of kind for each of users, in tx.
func (s *Service) notify(ctx context.Context, tx *sql.Tx, users []string, kind, docID, threadID, actorID string, at time.Time) error {
	for _, u := range users {
		if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, doc_id, thread_id, actor_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, ids.New(), u, kind, docID, threadID, actorID, db.Time(at)); err != nil {
			return fmt.Errorf("doccomments: notify: %w", err)
		}
	}
	return nil
}
