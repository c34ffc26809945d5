// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Person is the author of a version.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Version describes one version of a document.
type Version struct {
	ID        string    `json:"id"`
	DocID     string    `json:"doc_id"`
	Name      string    `json:"name"`
	Auto      bool      `json:"auto"`
	CreatedAt time.Time `json:"created_at"`
	// CreatedBy is nil for automatic versions and deleted accounts.
	CreatedBy *Person `json:"created_by"`
}

// insert stores a version of docID with state and returns it.
func (s *Service) insert(ctx context.Context, docID, name, userID string, auto bool, state []byte) (Version, error) {
	v := Version{ID: ids.New(), DocID: docID, Name: name, Auto: auto, CreatedAt: s.opts.Now().UTC().Truncate(time.Microsecond)}
	var by any
	if userID != "" {
		by = userID
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO doc_versions (id, doc_id, name, state, created_by, created_at, auto) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			v.ID, docID, name, state, by, db.Time(v.CreatedAt), auto); err != nil {
			return err
		}
		if !auto {
			return nil
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM doc_versions WHERE doc_id = $1 AND auto AND id NOT IN
			(SELECT id FROM doc_versions WHERE doc_id = $1 AND auto ORDER BY created_at DESC, id DESC LIMIT $2)`, docID, s.opts.KeepAuto)
		return err
	})
	if err != nil {
		return Version{}, fmt.Errorf("docversions: store a version of %q: %w", docID, err)
	}
	s.recordEditors(ctx, docID, v.ID)
	if userID != "" {
		v.CreatedBy = &Person{ID: userID}
		_ = s.db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, userID).Scan(&v.CreatedBy.Name)
	}
	return v, nil
}

const selectVersion = `SELECT v.id, v.doc_id, v.name, v.auto, v.created_at, COALESCE(v.created_by, ''), COALESCE(u.name, '')
	FROM doc_versions v LEFT JOIN users u ON u.id = v.created_by`

func scanVersion(sc interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var at, byID, byName string
	if err := sc.Scan(&v.ID, &v.DocID, &v.Name, &v.Auto, &at, &byID, &byName); err != nil {
		return Version{}, err
	}
	v.CreatedAt, _ = db.ParseTime(at)
	if byID != "" {
		v.CreatedBy = &Person{ID: byID, Name: byName}
	}
	return v, nil
}

// list returns docID's versions, newest first.
func (s *Service) list(ctx context.Context, docID string) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, selectVersion+` WHERE v.doc_id = $1 ORDER BY v.created_at DESC, v.id DESC`, docID)
	if err != nil {
		return nil, fmt.Errorf("docversions: list %q: %w", docID, err)
	}
	defer rows.Close()
	out := []Version{}
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, fmt.Errorf("docversions: list %q: %w", docID, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// get returns version vid of docID with its state; errs.NotFound if there
// is none.
func (s *Service) get(ctx context.Context, docID, vid string) (Version, []byte, error) {
	v, err := scanVersion(s.db.QueryRowContext(ctx, selectVersion+` WHERE v.doc_id = $1 AND v.id = $2`, docID, vid))
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, nil, fmt.Errorf("docversions: version %q of %q: %w", vid, docID, errs.NotFound)
	}
	if err != nil {
		return Version{}, nil, fmt.Errorf("docversions: version %q: %w", vid, err)
	}
	var state []byte
	if err := s.db.QueryRowContext(ctx, `SELECT state FROM doc_versions WHERE id = $1`, vid).Scan(&state); err != nil {
		return Version{}, nil, fmt.Errorf("docversions: version %q: %w", vid, err)
	}
	return v, state, nil
}

// latestState returns the state of docID's newest version, nil if it has
// none.
func (s *Service) latestState(ctx context.Context, docID string) ([]byte, error) {
	var state []byte
	err := s.db.QueryRowContext(ctx, `SELECT state FROM doc_versions WHERE doc_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, docID).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("docversions: latest version of %q: %w", docID, err)
	}
	return state, nil
}

// since returns the versions of docID taken after version vid, oldest
// first.
func (s *Service) since(ctx context.Context, docID, vid string) ([]Version, error) {
	all, err := s.list(ctx, docID)
	if err != nil {
		return nil, err
	}
	var out []Version
	for i := range all {
		if all[i].ID == vid {
			break
		}
		out = append(out, all[i])
	}
	slices.Reverse(out)
	return out, nil
}
