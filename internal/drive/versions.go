// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Version is one content a file has had.
type Version struct {
	ID       string    `json:"id"`
	Size     int64     `json:"size"`
	SHA256   string    `json:"sha256"`
	AuthorID string    `json:"author_id"`
	Created  time.Time `json:"created_at"`
	// Current is true for the file's present content.
	Current bool `json:"current"`

	blobID string
}

// Versions lists file id's versions, newest first.
func (s *Service) Versions(ctx context.Context, actor, id string) ([]Version, error) {
	n, err := s.live(ctx, s.db, actor, id, ActRead)
	if err != nil {
		return nil, err
	}
	if n.Dir {
		return nil, errs.Explain(errs.Invalid, "Folders have no versions.")
	}
	return s.versions(ctx, s.db, n)
}

func (s *Service) versions(ctx context.Context, q querier, n Node) ([]Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, size, sha256, author_id, created_at, blob_id FROM drive_versions
		WHERE node_id = $1 ORDER BY created_at DESC, id DESC`, n.ID)
	if err != nil {
		return nil, fmt.Errorf("drive: versions of %q: %w", n.ID, err)
	}
	defer rows.Close()
	list := []Version{}
	for rows.Next() {
		var v Version
		var created string
		if err := rows.Scan(&v.ID, &v.Size, &v.SHA256, &v.AuthorID, &created, &v.blobID); err != nil {
			return nil, fmt.Errorf("drive: versions of %q: %w", n.ID, err)
		}
		v.Created, _ = db.ParseTime(created)
		v.Current = `"`+v.ID+`"` == n.ETag
		list = append(list, v)
	}
	return list, rows.Err()
}

// RestoreVersion makes version versionID of file id its current content
// again, as a new version that shares the old one's blob.
func (s *Service) RestoreVersion(ctx context.Context, actor, id, versionID string) (Node, error) {
	var n Node
	var drop []string
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = s.live(ctx, tx, actor, id, ActWrite); err != nil {
			return err
		}
		var b storedBlob
		err = tx.QueryRowContext(ctx, `SELECT blob_id, size, sha256 FROM drive_versions WHERE id = $1 AND node_id = $2`,
			versionID, id).Scan(&b.id, &b.size, &b.sha256)
		if err == sql.ErrNoRows {
			return fmt.Errorf("drive: version %q: %w", versionID, errs.NotFound)
		}
		if err != nil {
			return fmt.Errorf("drive: version %q: %w", versionID, err)
		}
		if err := s.checkQuota(ctx, tx, n.OwnerID, b.size); err != nil {
			return err
		}
		if err := addRef(ctx, tx, b.id); err != nil {
			return err
		}
		now := s.now()
		vid := ids.New()
		n.Size, n.SHA256, n.blobID, n.ETag, n.Modified = b.size, b.sha256, b.id, `"`+vid+`"`, now
		if err := tx.QueryRowContext(ctx, `SELECT scan_state FROM drive_blobs WHERE id = $1`, b.id).Scan(&n.ScanState); err != nil {
			return fmt.Errorf("drive: restore version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE drive_nodes SET size = $2, blob_id = $3, sha256 = $4, etag = $5, modified_at = $6
			WHERE id = $1`, n.ID, n.Size, n.blobID, n.SHA256, n.ETag, db.Time(now)); err != nil {
			return fmt.Errorf("drive: restore version: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO drive_versions (id, node_id, owner_id, blob_id, size, sha256, author_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, vid, n.ID, n.OwnerID, b.id, b.size, b.sha256, actor, db.Time(now)); err != nil {
			return fmt.Errorf("drive: restore version: %w", err)
		}
		if err := touch(ctx, tx, n.ParentID, now); err != nil {
			return err
		}
		drop, err = s.pruneVersions(ctx, tx, n.ID)
		return err
	})
	if err != nil {
		return Node{}, err
	}
	s.deleteBlobs(context.WithoutCancel(ctx), drop)
	return n, nil
}

// pruneVersions drops the oldest versions of node id beyond MaxVersions
// and returns the blobs left unreferenced.
func (s *Service) pruneVersions(ctx context.Context, tx *sql.Tx, id string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, blob_id FROM drive_versions WHERE node_id = $1
		ORDER BY created_at DESC, id DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("drive: versions of %q: %w", id, err)
	}
	var old [][2]string
	i := 0
	for rows.Next() {
		var vid, bid string
		if err := rows.Scan(&vid, &bid); err != nil {
			rows.Close()
			return nil, err
		}
		if i >= s.opts.MaxVersions {
			old = append(old, [2]string{vid, bid})
		}
		i++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var drop []string
	for _, o := range old {
		if _, err := tx.ExecContext(ctx, `DELETE FROM drive_versions WHERE id = $1`, o[0]); err != nil {
			return nil, fmt.Errorf("drive: drop version: %w", err)
		}
		gone, err := unref(ctx, tx, o[1])
		if err != nil {
			return nil, err
		}
		if gone {
			drop = append(drop, o[1])
		}
	}
	return drop, nil
}

// addRef counts one more reference to blob id.
func addRef(ctx context.Context, tx *sql.Tx, id string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE drive_blobs SET refs = refs + 1 WHERE id = $1`, id); err != nil {
		return fmt.Errorf("drive: reference blob %q: %w", id, err)
	}
	return nil
}

// unref counts one reference less to blob id and deletes its row when none
// is left; it reports whether the bytes may now be deleted.
func unref(ctx context.Context, tx *sql.Tx, id string) (bool, error) {
	var refs int64
	if err := tx.QueryRowContext(ctx, `UPDATE drive_blobs SET refs = refs - 1 WHERE id = $1 RETURNING refs`, id).Scan(&refs); err != nil {
		return false, fmt.Errorf("drive: unreference blob %q: %w", id, err)
	}
	if refs > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM drive_blobs WHERE id = $1`, id); err != nil {
		return false, fmt.Errorf("drive: delete blob %q: %w", id, err)
	}
	return true, nil
}
