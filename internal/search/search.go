// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Readable answers whether a user may read a document; the documents'
// one permission function behind it.
type Readable interface {
	CanRead(ctx context.Context, docID, userID string) (bool, error)
}

// Source gives what to index of a document: its title and its text.
// errs.NotFound means the document no longer exists.
type Source interface {
	Document(ctx context.Context, docID string) (title, body string, err error)
}

// Service searches documents for a user and keeps the index current.
type Service struct {
	index *Index
	perms Readable
	src   Source
	log   *slog.Logger
	// Settle is how long a document must stay unchanged before it is
	// indexed again; MaxWait bounds the wait for one that keeps changing.
	settle, maxWait time.Duration

	mu    sync.Mutex
	dirty map[string]dirtyDoc
	wake  chan struct{}
}

type dirtyDoc struct{ first, last time.Time }

// New returns the search service over index.
func New(index *Index, perms Readable, src Source, log *slog.Logger) *Service {
	return &Service{index: index, perms: perms, src: src, log: log,
		settle: 2 * time.Second, maxWait: 10 * time.Second,
		dirty: map[string]dirtyDoc{}, wake: make(chan struct{}, 1)}
}

// Result is one document found for a user.
type Result struct {
	Type    string `json:"type"`
	ID      string `json:"id"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
}

// Query options.
const (
	defaultLimit = 20
	maxLimit     = 50
	// maxCandidates bounds how many index hits one query checks for
	// permission before it gives up filling a page.
	maxCandidates = 2000
	pageSize      = 100
)

// Search returns up to limit documents matching q that userID may read,
// best first. within, when not nil, restricts results to those IDs (a
// page and its sub-pages).
func (s *Service) Search(ctx context.Context, userID, q string, limit int, within map[string]bool) ([]Result, error) {
	if limit <= 0 {
		limit = defaultLimit
	}
	limit = min(limit, maxLimit)
	out := []Result{}
	for offset := 0; offset < maxCandidates && len(out) < limit; offset += pageSize {
		hits, err := s.index.Query(ctx, q, pageSize, offset)
		if err != nil {
			return nil, err
		}
		for _, h := range hits {
			if within != nil && !within[h.DocID] {
				continue
			}
			ok, err := s.perms.CanRead(ctx, h.DocID, userID)
			if err != nil {
				return nil, fmt.Errorf("search: check %q: %w", h.DocID, err)
			}
			if ok {
				out = append(out, Result{Type: "doc", ID: h.DocID, Title: h.Title, Snippet: h.Snippet})
				if len(out) == limit {
					break
				}
			}
		}
		if len(hits) < pageSize {
			break
		}
	}
	return out, nil
}

// Touch marks a document as changed; the indexer reads it again once it
// has settled.
func (s *Service) Touch(docID string) {
	now := time.Now()
	s.mu.Lock()
	d, ok := s.dirty[docID]
	if !ok {
		d.first = now
	}
	d.last = now
	s.dirty[docID] = d
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// due takes the documents ready to index: unchanged for settle, or
// waiting for longer than maxWait.
func (s *Service) due(now time.Time) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id, d := range s.dirty {
		if now.Sub(d.last) >= s.settle || now.Sub(d.first) >= s.maxWait {
			out = append(out, id)
			delete(s.dirty, id)
		}
	}
	return out
}

// Reindex reads docID from its source and indexes it now (or removes it
// from the index if it is gone).
func (s *Service) Reindex(ctx context.Context, docID string) error {
	title, body, err := s.src.Document(ctx, docID)
	if errors.Is(err, errs.NotFound) {
		return s.index.Remove(ctx, docID)
	}
	if err != nil {
		return err
	}
	return s.index.Put(ctx, docID, title, body)
}

// Run indexes touched documents until ctx ends. At start it indexes the
// documents the index does not know yet (made before search existed, or
// changed while a node was stopping), and prunes deleted ones.
func (s *Service) Run(ctx context.Context) {
	s.backfill(ctx)
	tick := time.NewTicker(s.settle / 2)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			s.flushAll()
			return
		case <-tick.C:
		case <-s.wake:
			continue
		}
		for _, id := range s.due(time.Now()) {
			if err := s.Reindex(ctx, id); err != nil && ctx.Err() == nil {
				s.log.Warn("search: index a document", "doc", id, "err", err)
			}
		}
	}
}

// flushAll indexes what is still waiting, with a bounded grace period,
// when the server stops.
func (s *Service) flushAll() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.mu.Lock()
	ids := make([]string, 0, len(s.dirty))
	for id := range s.dirty {
		ids = append(ids, id)
	}
	clear(s.dirty)
	s.mu.Unlock()
	for _, id := range ids {
		if err := s.Reindex(ctx, id); err != nil {
			s.log.Warn("search: index a document at stop", "doc", id, "err", err)
		}
	}
}

// backfill indexes documents missing from the index, a batch at a time.
func (s *Service) backfill(ctx context.Context) {
	if n, err := s.index.Prune(ctx); err != nil {
		s.log.Warn("search: prune", "err", err)
	} else if n > 0 {
		s.log.Info("search: pruned deleted documents", "count", n)
	}
	seen := map[string]bool{}
	for {
		ids, err := s.index.Unindexed(ctx, 100)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Warn("search: backfill", "err", err)
			}
			return
		}
		progress := false
		for _, id := range ids {
			if seen[id] {
				continue // gone meanwhile, or its source failed: not again
			}
			seen[id], progress = true, true
			if err := s.Reindex(ctx, id); err != nil {
				s.log.Warn("search: backfill a document", "doc", id, "err", err)
			}
		}
		if !progress {
			return
		}
	}
}
