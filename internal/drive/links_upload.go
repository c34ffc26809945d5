// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// An editor link is a file drop: whoever has it (and its password, if it
// has one) may upload files into its folder and the folders below it.
// The upload is made on behalf of the person who made the link, so it
// can never do more than they still may (a link made by someone whose
// access was since removed stops taking uploads), and it counts against
// the quota of the owner of the tree, like every upload. An upload never
// replaces a file: a name already taken gets " (2)", " (3)"…

// ErrLinkReadOnly means an upload through a link that only lets people
// read (403).
var ErrLinkReadOnly = errors.New("drive: share link is read-only")

// LinkUpload stores r as a new file name in folder folderID (the link's
// folder when folderID is empty, or a folder below it) through the link
// v names. It returns the link and the new file.
func (s *Service) LinkUpload(ctx context.Context, v LinkVisit, folderID, name string, r io.Reader, o PutOptions) (Link, Node, error) {
	var l Link
	var dir Node
	var err error
	if folderID == "" {
		l, dir, err = s.OpenLink(ctx, v)
	} else {
		l, dir, err = s.LinkItem(ctx, v, folderID)
	}
	if err != nil {
		return l, Node{}, err
	}
	if l.Role != access.Editor {
		return l, Node{}, ErrLinkReadOnly
	}
	if !dir.Dir {
		return l, Node{}, errs.Explain(errs.Conflict, "Files can only be uploaded into a folder.")
	}
	if l.CreatedBy == "" {
		// The person who made the link is gone: nobody vouches for it.
		return l, Node{}, ErrLinkReadOnly
	}
	clean, err := CleanName(name)
	if err != nil {
		return l, Node{}, err
	}
	free, err := s.freeName(ctx, dir.ID, clean)
	if err != nil {
		return l, Node{}, err
	}
	n, err := s.Put(ctx, l.CreatedBy, dir.ID, free, r, o)
	if err != nil {
		return l, Node{}, fmt.Errorf("drive: upload through link %q: %w", l.ID, err)
	}
	return l, n, nil
}

// freeName returns name, or "name (2).ext", "name (3).ext"… whichever is
// not taken in folder dirID.
func (s *Service) freeName(ctx context.Context, dirID, name string) (string, error) {
	for i := 1; i <= 100; i++ {
		candidate := name
		if i > 1 {
			candidate = numbered(name, i)
			if c, err := CleanName(candidate); err != nil || c != candidate {
				break // too long once numbered
			}
		}
		_, err := s.child(ctx, s.db, dirID, candidate)
		if errors.Is(err, errs.NotFound) {
			return candidate, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", errs.Explain(errs.Conflict, "No free name to upload %q under.", name)
}
