// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"path"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// errRaced means another transaction created the same name first.
var errRaced = errors.New("raced")

// PutOptions describe an upload.
type PutOptions struct {
	// Size is the announced length, or -1 if unknown. A body of another
	// length is refused.
	Size int64
	// ContentType is the media type; empty guesses from the name.
	ContentType string
	// ModTime, if set, is kept as the modification time (sync clients
	// send it); otherwise the time of the upload.
	ModTime time.Time
}

// storedBlob is a blob fully written to the store, not yet referenced.
type storedBlob struct {
	id     string
	size   int64
	sha256 string
}

func blobKey(id string) string { return "drive/" + id }

// Put stores r as file name in folder parentID: a new file, or a new
// version of the file of that name. It streams r into a fresh blob, and
// commits the metadata only when the blob is complete, so a failed or
// interrupted upload leaves nothing visible and nothing counted.
func (s *Service) Put(ctx context.Context, actor, parentID, name string, r io.Reader, o PutOptions) (Node, error) {
	name, err := CleanName(name)
	if err != nil {
		return Node{}, err
	}
	parent, err := s.writableDir(ctx, s.db, actor, parentID)
	if err != nil {
		return Node{}, err
	}
	b, err := s.writeBlob(ctx, parent.OwnerID, r, o.Size)
	if err != nil {
		return Node{}, err
	}
	var n Node
	var drop []string
	// A concurrent upload may create the same name first: the transaction
	// is then tried again, and this upload becomes a new version of it.
	for try := 0; try < 3; try++ {
		err = s.db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := s.writableDir(ctx, tx, actor, parentID); err != nil {
				return err
			}
			existing, err := s.child(ctx, tx, parentID, name)
			exists := err == nil
			switch {
			case err == nil && existing.Dir:
				return errs.Explain(errs.Conflict, "A folder named %q already exists here.", name)
			case err == nil:
				n = existing
			case errors.Is(err, errs.NotFound):
				now := s.now()
				n = Node{ID: ids.New(), OwnerID: parent.OwnerID, ParentID: parentID, Name: name, Created: now}
			default:
				return err
			}
			if err := s.checkQuota(ctx, tx, parent.OwnerID, b.size); err != nil {
				return err
			}
			drop, err = s.commitVersion(ctx, tx, &n, actor, b, o, exists)
			return err
		})
		if !errors.Is(err, errRaced) {
			break
		}
	}
	if err != nil {
		s.deleteBlobs(context.WithoutCancel(ctx), []string{b.id})
		return Node{}, err
	}
	s.deleteBlobs(context.WithoutCancel(ctx), drop)
	return n, nil
}

// PutContent stores r as a new version of file id.
func (s *Service) PutContent(ctx context.Context, actor, id string, r io.Reader, o PutOptions) (Node, error) {
	n, err := s.live(ctx, s.db, actor, id, ActWrite)
	if err != nil {
		return n, err
	}
	if n.Dir {
		return n, errs.Explain(errs.Conflict, "This item is a folder; upload into it instead.")
	}
	return s.Put(ctx, actor, n.ParentID, n.Name, r, o)
}

// commitVersion records blob b as the new current content of n (inserted
// if !exists) and drops versions beyond MaxVersions. It returns the IDs of
// blobs nothing references any more, to delete after the commit.
func (s *Service) commitVersion(ctx context.Context, tx *sql.Tx, n *Node, actor string, b storedBlob, o PutOptions, exists bool) ([]string, error) {
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO drive_blobs (id, size, sha256, refs, created_at, scan_state) VALUES ($1, $2, $3, 1, $4, $5)`,
		b.id, b.size, b.sha256, db.Time(now), s.initialScanState()); err != nil {
		return nil, fmt.Errorf("drive: record blob: %w", err)
	}
	versionID := ids.New()
	n.Size, n.SHA256, n.blobID, n.ETag = b.size, b.sha256, b.id, `"`+versionID+`"`
	n.ScanState = s.initialScanState()
	n.Modified = now
	if !o.ModTime.IsZero() {
		n.Modified = o.ModTime.UTC().Truncate(time.Microsecond)
	}
	n.ContentType = o.ContentType
	if n.ContentType == "" {
		n.ContentType = mime.TypeByExtension(path.Ext(n.Name))
	}
	if n.ContentType == "" {
		n.ContentType = "application/octet-stream"
	}
	if exists {
		_, err := tx.ExecContext(ctx, `UPDATE drive_nodes SET size = $2, blob_id = $3, sha256 = $4, content_type = $5,
			etag = $6, modified_at = $7 WHERE id = $1`, n.ID, n.Size, n.blobID, n.SHA256, n.ContentType, n.ETag, db.Time(n.Modified))
		if err != nil {
			return nil, fmt.Errorf("drive: update %q: %w", n.Name, err)
		}
	} else if err := insertNode(ctx, tx, *n); errors.Is(err, errs.Conflict) {
		return nil, fmt.Errorf("drive: %q created meanwhile: %w: %w", n.Name, errRaced, errs.Conflict)
	} else if err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO drive_versions (id, node_id, owner_id, blob_id, size, sha256, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, versionID, n.ID, n.OwnerID, b.id, b.size, b.sha256, actor, db.Time(now)); err != nil {
		return nil, fmt.Errorf("drive: record version: %w", err)
	}
	if err := touch(ctx, tx, n.ParentID, now); err != nil {
		return nil, err
	}
	if !exists {
		return nil, nil // a new file has one version
	}
	return s.pruneVersions(ctx, tx, n.ID)
}

// writeBlob streams r into a new blob, hashing and counting it, and stops
// as soon as it exceeds the owner's remaining quota or the announced size.
func (s *Service) writeBlob(ctx context.Context, owner string, r io.Reader, size int64) (storedBlob, error) {
	used, quota, err := s.usage(ctx, s.db, owner)
	if err != nil {
		return storedBlob{}, err
	}
	room := quota - used
	if size > room {
		return storedBlob{}, quotaError(quota)
	}
	limit := room
	if size >= 0 {
		limit = size
	}
	cr := &countingReader{r: r, h: sha256.New(), limit: limit, quota: size < 0}
	var body io.Reader = cr
	if size < 0 || size >= pipeMin {
		body = pipedReader{cr}
	}
	b := storedBlob{id: ids.New()}
	if _, err := s.blobs.Put(ctx, blobKey(b.id), body, size); err != nil {
		s.deleteBlobs(context.WithoutCancel(ctx), []string{b.id})
		if cr.err != nil {
			if cr.quota {
				return b, quotaError(quota)
			}
			return b, errs.Explain(errs.Invalid, "The body is longer than its announced length.")
		}
		return b, fmt.Errorf("drive: store content: %w", err)
	}
	if size >= 0 && cr.n != size {
		s.deleteBlobs(context.WithoutCancel(ctx), []string{b.id})
		return b, errs.Explain(errs.Invalid, "The body is shorter than its announced length (%d of %d bytes).", cr.n, size)
	}
	b.size, b.sha256 = cr.n, hex.EncodeToString(cr.h.Sum(nil))
	return b, nil
}

func quotaError(quota int64) error {
	return errs.Explain(errs.TooLarge, "This upload would exceed your storage quota of %d bytes.", quota)
}

// deleteBlobs removes blobs that no row references any more. A failure
// only leaves an orphan, never loses data; it is logged.
func (s *Service) deleteBlobs(ctx context.Context, idList []string) {
	for _, id := range idList {
		if err := s.blobs.Delete(ctx, blobKey(id)); err != nil {
			s.log.Warn("drive: delete unreferenced blob", "blob", id, "err", err)
		}
	}
}
