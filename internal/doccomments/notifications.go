// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// MaxNotifications is how many notifications Notifications returns.
const MaxNotifications = 100

// Notifications returns userID's newest notifications, newest first, of
// the documents they may still read (with the document's title).
func (s *Service) Notifications(ctx context.Context, userID string) ([]Notification, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.kind, COALESCE(n.doc_id, ''), COALESCE(n.thread_id, ''), n.actor_id, a.name, n.created_at, n.read_at
		FROM notifications n LEFT JOIN users a ON a.id = n.actor_id WHERE n.user_id = $1
		ORDER BY n.created_at DESC, n.id DESC LIMIT $2`, userID, MaxNotifications)
	if err != nil {
		return nil, fmt.Errorf("doccomments: notifications: %w", err)
	}
	var all []Notification
	for rows.Next() {
		var n Notification
		var actorID, actorName, readAt sql.NullString
		var at string
		if err := rows.Scan(&n.ID, &n.Kind, &n.DocID, &n.ThreadID, &actorID, &actorName, &at, &readAt); err != nil {
			rows.Close()
			return nil, fmt.Errorf("doccomments: read a notification: %w", err)
		}
		n.Actor = person(actorID, actorName)
		n.CreatedAt, _ = db.ParseTime(at)
		n.ReadAt = optTime(readAt)
		all = append(all, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("doccomments: notifications: %w", err)
	}
	out := []Notification{}
	for _, n := range all {
		if n.DocID != "" {
			ok, err := s.docs.CanRead(ctx, n.DocID, userID)
			if err != nil {
				return nil, fmt.Errorf("doccomments: may %q read %q: %w", userID, n.DocID, err)
			}
			if !ok {
				continue
			}
			d, err := s.docs.Record(ctx, n.DocID)
			if err != nil {
				return nil, err
			}
			n.DocTitle = d.Title
		}
		out = append(out, n)
	}
	return out, nil
}

// MarkRead marks userID's notification id as read; errs.NotFound if they
// have no such notification.
func (s *Service) MarkRead(ctx context.Context, userID, id string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3`,
		db.Time(s.stamp()), id, userID)
	if err != nil {
		return fmt.Errorf("doccomments: mark %q read: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("doccomments: notification %q: %w", id, errs.NotFound)
	}
	return nil
}
