// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package doccomments keeps comments on documents: threads anchored to a
// range of text, their replies, resolution and reactions, and the in-app
// notifications of people mentioned in a comment. Threads live here, not
// in the collaborative document, so that commenters (who may not change
// the content) can comment; the document keeps at most the client's marks.
// Who may do what is asked of the document service (Get's abilities): its
// readers see the threads, its commenters and up comment, react, resolve
// and reopen; authors edit their comments, authors and administrators
// delete them. No mail is sent: notifications are in the app only.
package doccomments

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/docs"
)

// Docs is what comments need of the document records: *docs.Service. Get
// applies the one permission function (errs.NotFound to whoever may not
// read the document) and returns the caller's abilities; CanRead answers
// the same for someone else, without recording a visit.
type Docs interface {
	Get(ctx context.Context, docID, userID string) (docs.Doc, error)
	CanRead(ctx context.Context, docID, userID string) (bool, error)
	Record(ctx context.Context, docID string) (docs.Doc, error)
}

var _ Docs = (*docs.Service)(nil)

// Person is the author of a comment or thread, or whoever resolved it.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Reaction is one emoji on a comment and who chose it.
type Reaction struct {
	Emoji   string   `json:"emoji"`
	UserIDs []string `json:"user_ids"`
}

// Comment is one message of a thread. A deleted comment keeps its place
// in the thread with an empty body.
type Comment struct {
	ID        string          `json:"id"`
	ThreadID  string          `json:"thread_id"`
	Author    *Person         `json:"author"`
	Body      json.RawMessage `json:"body"`
	CreatedAt time.Time       `json:"created_at"`
	EditedAt  *time.Time      `json:"edited_at"`
	Deleted   bool            `json:"deleted"`
	Reactions []Reaction      `json:"reactions"`
}

// Thread is a discussion on a range of a document.
type Thread struct {
	ID     string          `json:"id"`
	DocID  string          `json:"doc_id"`
	Anchor json.RawMessage `json:"anchor"`
	// Quote is the text commented on, as it was, for display.
	Quote      string     `json:"quote"`
	Resolved   bool       `json:"resolved"`
	ResolvedAt *time.Time `json:"resolved_at"`
	ResolvedBy *Person    `json:"resolved_by"`
	CreatedBy  *Person    `json:"created_by"`
	CreatedAt  time.Time  `json:"created_at"`
	Comments   []Comment  `json:"comments"`
}

// Notification tells a user that something happened that concerns them:
// for now, that someone mentioned them in a comment (kind "mention").
type Notification struct {
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	DocID     string     `json:"doc_id"`
	DocTitle  string     `json:"doc_title"`
	ThreadID  string     `json:"thread_id"`
	Actor     *Person    `json:"actor"`
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at"`
}

// Service keeps threads, comments, reactions and notifications.
type Service struct {
	db   *db.DB
	docs Docs
	log  *slog.Logger
	now  func() time.Time

	onMention func(ctx context.Context, m Mention)
}

// New returns the comments service.
func New(d *db.DB, ds Docs, log *slog.Logger) *Service {
	return &Service{db: d, docs: ds, log: log, now: time.Now}
}

// stamp is the current time as stored.
func (s *Service) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }
