// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/docexport"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// MaxName is the longest name of a version, in characters.
const MaxName = 200

// View is a version with its content, as Markdown.
type View struct {
	Version
	Markdown string `json:"markdown"`
}

// authorize checks that userID may read docID and, when edit is true,
// change its content: errs.NotFound to whoever may not read it,
// errs.Forbidden to a reader who may not edit.
func (s *Service) authorize(ctx context.Context, docID, userID string, edit bool) error {
	d, err := s.docs.Get(ctx, docID, userID)
	if err != nil {
		return err
	}
	if edit && (userID == "" || !d.Abilities["edit"]) {
		return fmt.Errorf("docversions: %q: versions are saved and restored by editors: %w", docID, errs.Forbidden)
	}
	return nil
}

// List returns docID's versions, newest first, if userID may read it.
func (s *Service) List(ctx context.Context, docID, userID string) ([]Version, error) {
	if err := s.authorize(ctx, docID, userID, false); err != nil {
		return nil, err
	}
	return s.list(ctx, docID)
}

// Create saves the current state of docID as a version named name, by
// actor, who must be allowed to edit it.
func (s *Service) Create(ctx context.Context, actor identity.User, docID, name string) (Version, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxName || strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 }) {
		return Version{}, fmt.Errorf("docversions: a version's name has 1 to %d characters on one line: %w", MaxName, errs.Invalid)
	}
	if err := s.authorize(ctx, docID, actor.ID, true); err != nil {
		return Version{}, err
	}
	return s.snapshot(ctx, docID, name, actor.ID, false)
}

// snapshot stores the current state of docID as a version.
func (s *Service) snapshot(ctx context.Context, docID, name, userID string, auto bool) (Version, error) {
	state, err := s.content.EncodeState(ctx, docID)
	if err != nil {
		return Version{}, fmt.Errorf("docversions: read %q: %w", docID, err)
	}
	return s.insert(ctx, docID, name, userID, auto, state)
}

// Get returns version vid of docID with its content, if userID may read
// the document.
func (s *Service) Get(ctx context.Context, docID, vid, userID string) (View, error) {
	if err := s.authorize(ctx, docID, userID, false); err != nil {
		return View{}, err
	}
	v, state, err := s.get(ctx, docID, vid)
	if err != nil {
		return View{}, err
	}
	md, err := markdownOf(state)
	if err != nil {
		return View{}, err
	}
	return View{Version: v, Markdown: md}, nil
}

// Restore makes version vid the content of docID, by actor, who must be
// allowed to edit it. Nothing is lost: the current state is first saved
// as a version, then the document's blocks are replaced by the version's
// in one edit, which every connected client receives. It returns the
// version of the state before the restore.
func (s *Service) Restore(ctx context.Context, actor identity.User, docID, vid string) (Version, error) {
	if err := s.authorize(ctx, docID, actor.ID, true); err != nil {
		return Version{}, err
	}
	v, state, err := s.get(ctx, docID, vid)
	if err != nil {
		return Version{}, err
	}
	old, err := collab.NewContent(state)
	if err != nil {
		return Version{}, fmt.Errorf("docversions: read version %q: %w", vid, err)
	}
	label := v.Name
	if label == "" {
		label = v.CreatedAt.UTC().Format("2006-01-02 15:04 UTC")
	}
	before, err := s.snapshot(ctx, docID, "Before restoring “"+label+"”", actor.ID, false)
	if err != nil {
		return Version{}, err
	}
	nodes := old.XML(docexport.Fragment)
	err = s.content.Edit(ctx, docID, func(tx *collab.EditTx) error {
		if sameTree(tx.Content().XML(docexport.Fragment), nodes) {
			return nil
		}
		tx.ReplaceXML(docexport.Fragment, nodes)
		return nil
	})
	if err != nil {
		return Version{}, fmt.Errorf("docversions: restore %q of %q: %w", vid, docID, err)
	}
	return before, nil
}

// sameTree reports whether two XML trees hold the same content.
func sameTree(a, b []collab.Node) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(ja, jb)
}

// markdownOf returns the blocks of a document state as Markdown.
func markdownOf(state []byte) (string, error) {
	c, err := collab.NewContent(state)
	if err != nil {
		return "", fmt.Errorf("docversions: read a state: %w", err)
	}
	f, err := docconv.FormatNamed("md")
	if err != nil {
		return "", err
	}
	out, err := f.Write(docconv.Doc{Blocks: docexport.FromTree(c.XML(docexport.Fragment))})
	if err != nil {
		return "", fmt.Errorf("docversions: write Markdown: %w", err)
	}
	return string(out), nil
}
