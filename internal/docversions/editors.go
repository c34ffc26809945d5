// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"context"
	"slices"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
)

// Who edited: the collaboration engine stores updates without their
// sender, so when edits of a document are stored, the people connected to
// it with the right to edit are noted (at most once a second per
// document). When the next version of the document is taken (automatic,
// named or before a restore), they are recorded in the audit log as
// "doc.edit" events naming that version: they edited before it. Those not
// recorded yet, still in memory, edited after the newest version.

// editAction is the audit action of having edited a document before a
// version.
const editAction = "doc.edit"

// noteEditors notes who is editing docID now.
func (s *Service) noteEditors(docID string) {
	now := s.opts.Now()
	s.mu.Lock()
	if at, ok := s.asked[docID]; ok && now.Sub(at) < time.Second {
		s.mu.Unlock()
		return
	}
	s.asked[docID] = now
	s.mu.Unlock()
	ids := s.content.Editors(docID)
	if len(ids) == 0 {
		return
	}
	s.mu.Lock()
	set := s.editing[docID]
	if set == nil {
		set = map[string]bool{}
		s.editing[docID] = set
	}
	for _, id := range ids {
		set[id] = true
	}
	s.mu.Unlock()
}

// pendingEditors returns who edited docID since its newest version, sorted.
func (s *Service) pendingEditors(docID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for id := range s.editing[docID] {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// recordEditors records who edited docID before version vid, and forgets
// them.
func (s *Service) recordEditors(ctx context.Context, docID, vid string) {
	s.mu.Lock()
	set := s.editing[docID]
	delete(s.editing, docID)
	delete(s.asked, docID)
	s.mu.Unlock()
	if s.opts.Audit == nil {
		return
	}
	for id := range set {
		s.opts.Audit.Record(ctx, nil, audit.Event{Action: editAction, ActorID: id, TargetType: "doc", TargetID: docID,
			At: s.opts.Now(), Details: map[string]any{"version": vid}})
	}
}

// authors returns who worked on docID since version v, given the
// versions taken since (oldest first): who saved or restored them, who
// edited before them, and who edited since the newest; and who edited in
// each stretch: before each later version (by its ID), and since the
// newest (key "").
func (s *Service) authors(ctx context.Context, docID string, v Version, later []Version) ([]Author, map[string][]string, error) {
	stretch := map[string][]string{}
	out := []Author{}
	at := map[string]int{}
	add := func(id string, edited, saved bool) {
		i, ok := at[id]
		if !ok {
			i = len(out)
			at[id] = i
			out = append(out, Author{Person: Person{ID: id}})
		}
		out[i].Edited = out[i].Edited || edited
		out[i].Saved = out[i].Saved || saved
	}
	after := map[string]bool{}
	for _, l := range later {
		after[l.ID] = true
	}
	if s.opts.Audit != nil && len(later) > 0 {
		events, err := s.opts.Audit.List(ctx, audit.Filter{Action: editAction, TargetType: "doc", TargetID: docID, Since: v.CreatedAt, Limit: 1000})
		if err != nil {
			return nil, nil, err
		}
		slices.Reverse(events) // oldest first
		for _, e := range events {
			if vid, _ := e.Details["version"].(string); after[vid] && e.ActorID != "" {
				add(e.ActorID, true, false)
				if !slices.Contains(stretch[vid], e.ActorID) {
					stretch[vid] = append(stretch[vid], e.ActorID)
				}
			}
		}
	}
	for _, l := range later {
		if l.CreatedBy != nil {
			add(l.CreatedBy.ID, false, true)
		}
	}
	for _, id := range s.pendingEditors(docID) {
		add(id, true, false)
		stretch[""] = append(stretch[""], id)
	}
	for i := range out {
		_ = s.db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, out[i].ID).Scan(&out[i].Name)
	}
	return out, stretch, nil
}
