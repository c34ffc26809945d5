// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package docversions keeps versions of documents: the whole Yjs state of
// a document at a moment, named by someone or taken automatically while it
// is edited. A version can be viewed (as Markdown), compared with the
// current content (block by block, then word by word, with who worked on
// the document since: see editors.go), and restored: the restore is a server-made edit of the
// collaboration engine, stored and relayed like any other, after a version
// of the state it replaces. Who may do what is asked of the document
// record service, whose one permission function decides.
package docversions

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/docs"
)

// Docs is what versions need of the document records: *docs.Service. Get
// applies the one permission function (errs.NotFound to whoever may not
// read the document) and returns the caller's abilities.
type Docs interface {
	Get(ctx context.Context, docID, userID string) (docs.Doc, error)
}

// Content reads and edits document content: *collab.Service.
type Content interface {
	EncodeState(ctx context.Context, docID string) ([]byte, error)
	Edit(ctx context.Context, docID string, fn func(tx *collab.EditTx) error) error
	// Editors returns who is connected to docID with the right to edit it.
	Editors(docID string) []string
}

var (
	_ Docs    = (*docs.Service)(nil)
	_ Content = (*collab.Service)(nil)
)

// Options tune the automatic versions.
type Options struct {
	// AutoEvery is the least time between two automatic versions of a
	// document being edited (10 minutes).
	AutoEvery time.Duration
	// KeepAuto is how many automatic versions of a document are kept (50);
	// named versions are kept forever.
	KeepAuto int
	// Now is the clock (time.Now).
	Now func() time.Time
	// Audit, if set, records saved and restored versions.
	Audit *audit.Log
}

// Service keeps, lists and restores versions.
type Service struct {
	db      *db.DB
	docs    Docs
	content Content
	log     *slog.Logger
	opts    Options

	mu      sync.Mutex
	due     map[string]time.Time       // documents edited, and when to take their automatic version
	editing map[string]map[string]bool // documents edited, and who edited them since their newest version
	asked   map[string]time.Time       // when editors were last asked for, per document
}

// New returns the versions service.
func New(d *db.DB, ds Docs, c Content, log *slog.Logger, opts Options) *Service {
	if opts.AutoEvery <= 0 {
		opts.AutoEvery = 10 * time.Minute
	}
	if opts.KeepAuto <= 0 {
		opts.KeepAuto = 50
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: d, docs: ds, content: c, log: log, opts: opts, due: map[string]time.Time{},
		editing: map[string]map[string]bool{}, asked: map[string]time.Time{}}
}
