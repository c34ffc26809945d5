// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/httpx"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Import converts the file name (its extension says the format) and
// creates a new document owned by actor, under parentID if not empty,
// seeded with its content. Nothing is stored when the file is refused; if
// seeding fails, the new document is deleted again.
func (s *Service) Import(ctx context.Context, actor identity.User, parentID, name string, data []byte) (docs.Doc, error) {
	doc, err := docconv.Import(name, data)
	if err != nil {
		return docs.Doc{}, err
	}
	tree := ToTree(doc.Blocks)
	d, err := s.docs.CreateUnder(ctx, actor.ID, parentID, doc.Title)
	if err != nil {
		return docs.Doc{}, err
	}
	err = s.content.Edit(ctx, d.ID, func(tx *collab.EditTx) error {
		tx.ReplaceXML(Fragment, tree)
		return nil
	})
	if err != nil {
		cleanup := context.WithoutCancel(ctx)
		if terr := s.docs.Trash(cleanup, actor, d.ID); terr == nil {
			if perr := s.docs.Purge(cleanup, actor, d.ID); perr != nil {
				s.log.Warn("docexport: purge after failed import", "doc", d.ID, "err", perr)
			}
		}
		return docs.Doc{}, fmt.Errorf("docexport: seed %q: %w", d.ID, err)
	}
	return d, nil
}

// handleImport serves POST /api/v1/docs/import: a multipart form with the
// field file and an optional parent_id.
func (s *Service) handleImport(w http.ResponseWriter, r *http.Request) error {
	p, err := identity.RequireUser(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, docconv.MaxImport+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return errs.Explain(errs.Invalid, "Send the file as multipart/form-data, in the field \"file\".")
	}
	var name, parentID string
	var data []byte
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return formError(err)
		}
		switch part.FormName() {
		case "file":
			if data != nil {
				return errs.Explain(errs.Invalid, "Send one file.")
			}
			name = part.FileName()
			data, err = io.ReadAll(io.LimitReader(part, docconv.MaxImport+1))
			if err != nil {
				return formError(err)
			}
			if len(data) > docconv.MaxImport {
				return errs.Explain(errs.TooLarge, "The file is larger than %d MiB.", docconv.MaxImport>>20)
			}
		case "parent_id":
			v, err := io.ReadAll(io.LimitReader(part, 100))
			if err != nil {
				return formError(err)
			}
			parentID = strings.TrimSpace(string(v))
			if parentID != "" && !ids.Valid(parentID) {
				return fmt.Errorf("docexport: parent_id: %w", errs.NotFound)
			}
		}
		part.Close()
	}
	if data == nil {
		return errs.Explain(errs.Invalid, "file: choose a file to import.")
	}
	d, err := s.Import(r.Context(), p.User, parentID, name, data)
	outcome := audit.Success
	if err != nil {
		outcome = audit.Failure
	}
	if s.audit != nil {
		s.audit.Record(r.Context(), r, audit.Event{Action: "doc.import", Outcome: outcome, ActorID: p.User.ID,
			ActorEmail: p.User.Email, TargetType: "doc", TargetID: d.ID, Details: map[string]any{"file": name, "bytes": len(data)}})
	}
	if err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusCreated, d)
	return nil
}

// formError explains a multipart body that could not be read.
func formError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return errs.Explain(errs.TooLarge, "The file is larger than %d MiB.", docconv.MaxImport>>20)
	}
	if errors.Is(err, multipart.ErrMessageTooLarge) {
		return errs.Explain(errs.TooLarge, "The form is too large.")
	}
	return fmt.Errorf("docexport: read the form: %v: %w", err, errs.Explain(errs.Invalid, "The form could not be read."))
}
