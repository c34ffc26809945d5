// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"bytes"
	"context"
	"time"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docexport"
)

// Stored is told that edits of docID were stored (the collaboration
// engine's OnStored hook). The first edit after a version starts the
// clock: AutoEvery later, Run takes an automatic version, so a document
// being edited gets one at most every AutoEvery, and the last state of an
// editing session is kept within AutoEvery. It also notes who is editing
// (see editors.go). It never waits on storage.
func (s *Service) Stored(docID string) {
	s.mu.Lock()
	if _, ok := s.due[docID]; !ok {
		s.due[docID] = s.opts.Now().Add(s.opts.AutoEvery)
	}
	s.mu.Unlock()
	s.noteEditors(docID)
}

// Run takes the automatic versions that are due until ctx ends. Versions
// due when the node stops are not taken (the edits themselves are stored).
func (s *Service) Run(ctx context.Context) {
	tick := time.NewTicker(min(s.opts.AutoEvery/10, 30*time.Second))
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			s.takeDue(ctx)
		}
	}
}

// takeDue takes the automatic versions due now and returns how many it
// stored.
func (s *Service) takeDue(ctx context.Context) int {
	now := s.opts.Now()
	var docs []string
	s.mu.Lock()
	for id, at := range s.due {
		if !at.After(now) {
			docs = append(docs, id)
			delete(s.due, id)
		}
	}
	s.mu.Unlock()
	n := 0
	for _, id := range docs {
		took, err := s.autoVersion(ctx, id)
		if err != nil && ctx.Err() == nil {
			s.log.Warn("docversions: automatic version", "doc", id, "err", err)
		}
		if took {
			n++
		}
	}
	return n
}

// autoVersion stores an automatic version of docID unless its content is
// the same as its newest version's.
func (s *Service) autoVersion(ctx context.Context, docID string) (bool, error) {
	state, err := s.content.EncodeState(ctx, docID)
	if err != nil {
		return false, err
	}
	last, err := s.latestState(ctx, docID)
	if err != nil {
		return false, err
	}
	if last != nil && (bytes.Equal(last, state) || sameContent(last, state)) {
		return false, nil
	}
	_, err = s.insert(ctx, docID, "", "", true, state)
	return err == nil, err
}

// sameContent reports whether two states hold the same blocks, whatever
// their IDs.
func sameContent(a, b []byte) bool {
	ca, err := collab.NewContent(a)
	if err != nil {
		return false
	}
	cb, err := collab.NewContent(b)
	if err != nil {
		return false
	}
	return sameTree(withoutIDs(ca.XML(docexport.Fragment)), withoutIDs(cb.XML(docexport.Fragment)))
}

// withoutIDs returns a copy of nodes without the blocks' "id" attributes.
func withoutIDs(nodes []collab.Node) []collab.Node {
	out := make([]collab.Node, len(nodes))
	for i, n := range nodes {
		if _, ok := n.Attrs["id"]; ok {
			attrs := make(map[string]any, len(n.Attrs))
			for k, v := range n.Attrs {
				if k != "id" {
					attrs[k] = v
				}
			}
			n.Attrs = attrs
		}
		n.Children = withoutIDs(n.Children)
		out[i] = n
	}
	return out
}
