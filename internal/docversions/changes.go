// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"context"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docexport"
)

// Author is someone who worked on a document since a version.
type Author struct {
	Person
	// Edited: they were editing the document while changes were stored
	// (connected with the right to edit; the log of updates does not
	// record who sent each, so this is known per version, not per word).
	Edited bool `json:"edited"`
	// Saved: they saved or restored a version.
	Saved bool `json:"saved"`
}

// Changes is what changed in a document since a version: its blocks
// compared with the current ones, and who worked on it since.
type Changes struct {
	Since Version `json:"since"`
	// Added, Removed and Changed count the blocks.
	Added   int           `json:"added"`
	Removed int           `json:"removed"`
	Changed int           `json:"changed"`
	Blocks  []BlockChange `json:"blocks"`
	// Authors are the people known to have edited the document, or saved
	// or restored a version of it, since.
	Authors []Author `json:"authors"`
	// AutoVersions counts the automatic versions taken since, each a sign
	// of editing.
	AutoVersions int `json:"auto_versions"`
}

// Changes compares version vid of docID with its current content, if
// userID may read it.
func (s *Service) Changes(ctx context.Context, docID, vid, userID string) (Changes, error) {
	if err := s.authorize(ctx, docID, userID, false); err != nil {
		return Changes{}, err
	}
	v, state, err := s.get(ctx, docID, vid)
	if err != nil {
		return Changes{}, err
	}
	then, err := blocksOf(state)
	if err != nil {
		return Changes{}, err
	}
	cur, err := s.content.EncodeState(ctx, docID)
	if err != nil {
		return Changes{}, fmt.Errorf("docversions: read %q: %w", docID, err)
	}
	now, err := blocksOf(cur)
	if err != nil {
		return Changes{}, err
	}
	c := Changes{Since: v, Blocks: diffBlocks(then, now)}
	for _, b := range c.Blocks {
		switch b.Op {
		case Added:
			c.Added++
		case Removed:
			c.Removed++
		case Changed:
			c.Changed++
		}
	}
	later, err := s.since(ctx, docID, v.ID)
	if err != nil {
		return Changes{}, err
	}
	for _, l := range later {
		if l.Auto {
			c.AutoVersions++
		}
	}
	var stretch map[string][]string
	c.Authors, stretch, err = s.authors(ctx, docID, v, later)
	if err != nil {
		return Changes{}, err
	}
	if err := s.attribute(ctx, docID, c.Blocks, later, stretch); err != nil {
		return Changes{}, err
	}
	return c, nil
}

// maxAttributed is the most versions taken since a version whose states
// are read to tell who changed each block (each costs a read of a whole
// state); past it, blocks are not attributed, only the document.
const maxAttributed = 60

// attribute sets the By of the blocks added, removed or changed since a
// version: the people who edited in the stretch where the change first
// shows, found in the states of the later versions (oldest first): an
// added or changed block from the first later version that has its
// current text, a removed one from the first that lacks it; one found in
// none happened since the newest version.
func (s *Service) attribute(ctx context.Context, docID string, blocks []BlockChange, later []Version, stretch map[string][]string) error {
	if len(stretch) == 0 || len(later) > maxAttributed {
		return nil
	}
	has := make([]map[string]bool, len(later))
	for k, l := range later {
		_, state, err := s.get(ctx, docID, l.ID)
		if err != nil {
			return err
		}
		fb, err := blocksOf(state)
		if err != nil {
			return err
		}
		has[k] = make(map[string]bool, len(fb))
		for _, b := range fb {
			has[k][b.key()] = true
		}
	}
	for i := range blocks {
		b := &blocks[i]
		if b.Op == Kept {
			continue
		}
		key := flatBlock{typ: b.Type, text: b.Text}.key() // a removed block's old text, another's new one
		at := ""
		for k := range later {
			if has[k][key] != (b.Op == Removed) {
				at = later[k].ID
				break
			}
		}
		b.By = stretch[at]
	}
	return nil
}

// blocksOf returns the blocks of a document state, as compared.
func blocksOf(state []byte) ([]flatBlock, error) {
	c, err := collab.NewContent(state)
	if err != nil {
		return nil, fmt.Errorf("docversions: read a state: %w", err)
	}
	return flatten(docexport.FromTree(c.XML(docexport.Fragment)), nil), nil
}
