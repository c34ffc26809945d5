// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// maxCopyItems bounds one copy, so that a request cannot hold the database
// for long.
const maxCopyItems = 10000

// Copy copies item id into folder dstParentID under name (empty keeps the
// name). A folder is copied with everything in it (or alone if shallow).
// Files share their current blob with the original: only the current
// content is copied, not the history. Dead properties follow.
func (s *Service) Copy(ctx context.Context, actor, id, dstParentID, name string, shallow bool) (Node, error) {
	var out Node
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		src, err := s.live(ctx, tx, actor, id, ActCopy)
		if err != nil {
			return err
		}
		if src.Root() {
			return errs.Explain(errs.Invalid, "The root folder cannot be copied.")
		}
		parent, err := s.writableDir(ctx, tx, actor, dstParentID)
		if err != nil {
			return err
		}
		if name == "" {
			name = src.Name
		}
		if name, err = CleanName(name); err != nil {
			return err
		}
		if src.Dir && !shallow {
			inside, err := s.isWithin(ctx, tx, parent.ID, src.ID)
			if err != nil {
				return err
			}
			if inside {
				return errs.Explain(errs.Invalid, "A folder cannot be copied into itself.")
			}
		}
		if _, err := lockUsage(ctx, tx, parent.OwnerID); err != nil {
			return err
		}
		c := copier{s: s, tx: tx, actor: actor, owner: parent.OwnerID}
		out, err = c.copy(ctx, src, parent.ID, name, shallow)
		if err != nil {
			return err
		}
		if err := s.checkQuota(ctx, tx, parent.OwnerID, 0); err != nil {
			return err
		}
		return touch(ctx, tx, parent.ID, s.now())
	})
	return out, err
}

type copier struct {
	s     *Service
	tx    *sql.Tx
	actor string
	owner string
	count int
}

func (c *copier) copy(ctx context.Context, src Node, parentID, name string, shallow bool) (Node, error) {
	c.count++
	if c.count > maxCopyItems {
		return Node{}, errs.Explain(errs.TooLarge, "A copy is limited to %d items.", maxCopyItems)
	}
	now := c.s.now()
	n := Node{ID: ids.New(), OwnerID: c.owner, ParentID: parentID, Name: name, Dir: src.Dir,
		Size: src.Size, SHA256: src.SHA256, ContentType: src.ContentType, blobID: src.blobID,
		ETag: newETag(), Created: now, Modified: src.Modified, ScanState: src.ScanState}
	if !src.Dir {
		vid := ids.New()
		n.ETag = `"` + vid + `"`
		if err := insertNode(ctx, c.tx, n); err != nil {
			return n, err
		}
		if err := addRef(ctx, c.tx, src.blobID); err != nil {
			return n, err
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO drive_versions (id, node_id, owner_id, blob_id, size, sha256, author_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, vid, n.ID, n.OwnerID, src.blobID, src.Size, src.SHA256, c.actor, db.Time(now)); err != nil {
			return n, fmt.Errorf("drive: copy version: %w", err)
		}
	} else {
		n.Modified = now
		if err := insertNode(ctx, c.tx, n); err != nil {
			return n, err
		}
	}
	if _, err := c.tx.ExecContext(ctx, `INSERT INTO drive_props (node_id, prop_space, prop_local, lang, xml_inner)
		SELECT $2, prop_space, prop_local, lang, xml_inner FROM drive_props WHERE node_id = $1`, src.ID, n.ID); err != nil {
		return n, fmt.Errorf("drive: copy properties: %w", err)
	}
	if !src.Dir || shallow {
		return n, nil
	}
	kids, err := c.s.children(ctx, c.tx, src.ID)
	if err != nil {
		return n, err
	}
	for _, k := range kids {
		if _, err := c.copy(ctx, k, n.ID, k.Name, false); err != nil {
			return n, err
		}
	}
	return n, nil
}
