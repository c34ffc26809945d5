// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Resumable uploads keep what they received in blobs, one per request
// (chunk), and their progress in the database, so an upload survives a
// network cut and a server restart and goes on from what was received.
// When the last byte arrives the chunks are streamed, in order, through
// Put: hashed, checked against the quota and committed like any upload.

// Limits of resumable uploads.
const (
	uploadLifetime  = 24 * time.Hour
	maxUploadChunks = 10_000
)

// Upload is a resumable upload in progress.
type Upload struct {
	ID       string    `json:"id"`
	ParentID string    `json:"parent_id"`
	Name     string    `json:"name"`
	Length   int64     `json:"length"`
	Offset   int64     `json:"offset"`
	Expires  time.Time `json:"expires_at"`

	owner  string
	chunks int64
}

func chunkKey(id string, i int64) string { return fmt.Sprintf("drive-uploads/%s/%012d", id, i) }

// CreateUpload starts a resumable upload of length bytes as file name in
// folder parentID.
func (s *Service) CreateUpload(ctx context.Context, actor, parentID, name string, length int64) (Upload, error) {
	name, err := CleanName(name)
	if err != nil {
		return Upload{}, err
	}
	if length < 0 {
		return Upload{}, errs.Explain(errs.Invalid, "Upload-Length must be 0 or more.")
	}
	parent, err := s.writableDir(ctx, s.db, actor, parentID)
	if err != nil {
		return Upload{}, err
	}
	if err := s.checkQuota(ctx, s.db, parent.OwnerID, length); err != nil {
		return Upload{}, err
	}
	now := s.now()
	u := Upload{ID: ids.New(), ParentID: parent.ID, Name: name, Length: length, Expires: now.Add(uploadLifetime), owner: actor}
	_, err = s.db.ExecContext(ctx, `INSERT INTO drive_uploads (id, owner_id, parent_id, name, length, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, u.ID, actor, u.ParentID, u.Name, u.Length, db.Time(now), db.Time(u.Expires))
	if err != nil {
		return Upload{}, fmt.Errorf("drive: create upload: %w", err)
	}
	return u, nil
}

// GetUpload returns actor's upload id.
func (s *Service) GetUpload(ctx context.Context, actor, id string) (Upload, error) {
	var u Upload
	var exp string
	err := s.db.QueryRowContext(ctx, `SELECT id, owner_id, parent_id, name, length, offset_bytes, chunks, expires_at
		FROM drive_uploads WHERE id = $1 AND owner_id = $2 AND expires_at > $3`, id, actor, db.Time(s.now())).
		Scan(&u.ID, &u.owner, &u.ParentID, &u.Name, &u.Length, &u.Offset, &u.chunks, &exp)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("drive: upload %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return u, fmt.Errorf("drive: upload %q: %w", id, err)
	}
	u.Expires, _ = db.ParseTime(exp)
	return u, nil
}

// AppendUpload adds what r gives, from offset (which must be what the
// upload received so far), to upload id. What arrives before r fails (a
// network cut) is kept. When the upload is complete it becomes a file,
// returned as a non-nil *Node.
func (s *Service) AppendUpload(ctx context.Context, actor, id string, offset int64, r io.Reader) (Upload, *Node, error) {
	u, err := s.GetUpload(ctx, actor, id)
	if err != nil {
		return u, nil, err
	}
	if offset != u.Offset {
		return u, nil, errs.Explain(errs.Conflict, "Upload-Offset is %d; the upload has received %d bytes.", offset, u.Offset)
	}
	if u.Offset < u.Length {
		if u.chunks >= maxUploadChunks {
			return u, nil, errs.Explain(errs.TooLarge, "An upload may be sent in at most %d requests.", maxUploadChunks)
		}
		// The bytes received are kept even if the client goes away,
		// hence a context that outlives the request.
		keep := context.WithoutCancel(ctx)
		pr := &partialReader{r: io.LimitReader(r, u.Length-u.Offset)}
		key := chunkKey(u.ID, u.chunks)
		if _, err := s.blobs.Put(keep, key, pr, -1); err != nil {
			s.blobs.Delete(keep, key)
			return u, nil, fmt.Errorf("drive: store upload chunk: %w", err)
		}
		if pr.n == 0 {
			s.blobs.Delete(keep, key)
		} else {
			res, err := s.db.ExecContext(keep, `UPDATE drive_uploads SET offset_bytes = offset_bytes + $3, chunks = chunks + 1
				WHERE id = $1 AND offset_bytes = $2`, u.ID, u.Offset, pr.n)
			if err != nil {
				return u, nil, fmt.Errorf("drive: upload progress: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				s.blobs.Delete(keep, key)
				return u, nil, errs.Explain(errs.Conflict, "Another request appended to this upload meanwhile.")
			}
			u.Offset += pr.n
			u.chunks++
		}
		if pr.err != nil {
			return u, nil, fmt.Errorf("drive: upload interrupted after %d bytes: %w", pr.n, pr.err)
		}
	}
	if u.Offset < u.Length {
		return u, nil, nil
	}
	cr := &chunkReader{ctx: ctx, s: s, id: u.ID, n: u.chunks}
	defer cr.Close()
	n, err := s.Put(ctx, actor, u.ParentID, u.Name, cr, PutOptions{Size: u.Length})
	if err != nil {
		return u, nil, err
	}
	s.dropUpload(context.WithoutCancel(ctx), u)
	return u, &n, nil
}

// CancelUpload abandons upload id and what it received.
func (s *Service) CancelUpload(ctx context.Context, actor, id string) error {
	u, err := s.GetUpload(ctx, actor, id)
	if err != nil {
		return err
	}
	s.dropUpload(ctx, u)
	return nil
}

func (s *Service) dropUpload(ctx context.Context, u Upload) {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM drive_uploads WHERE id = $1`, u.ID); err != nil {
		s.log.Warn("drive: drop upload", "upload", u.ID, "err", err)
		return
	}
	for i := range u.chunks {
		if err := s.blobs.Delete(ctx, chunkKey(u.ID, i)); err != nil {
			s.log.Warn("drive: delete upload chunk", "upload", u.ID, "err", err)
		}
	}
}

// purgeExpiredUploads drops the uploads nobody finished in time.
func (s *Service) purgeExpiredUploads(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, chunks FROM drive_uploads WHERE expires_at <= $1 LIMIT 1000`, db.Time(s.now()))
	if err != nil {
		return fmt.Errorf("drive: expired uploads: %w", err)
	}
	var list []Upload
	for rows.Next() {
		var u Upload
		if err := rows.Scan(&u.ID, &u.chunks); err != nil {
			rows.Close()
			return err
		}
		list = append(list, u)
	}
	rows.Close()
	for _, u := range list {
		s.dropUpload(ctx, u)
	}
	return rows.Err()
}

// partialReader turns a failure of r (the client went away) into the end
// of the data, remembering it, so that what came before is stored.
type partialReader struct {
	r   io.Reader
	n   int64
	err error
}

func (p *partialReader) Read(b []byte) (int, error) {
	if p.err != nil {
		return 0, io.EOF
	}
	n, err := p.r.Read(b)
	p.n += int64(n)
	if err != nil && err != io.EOF {
		p.err = err
		return n, io.EOF
	}
	return n, err
}

// chunkReader reads an upload's chunks one after the other.
type chunkReader struct {
	ctx context.Context
	s   *Service
	id  string
	n   int64
	i   int64
	cur io.ReadCloser
}

func (c *chunkReader) Read(p []byte) (int, error) {
	for {
		if c.cur == nil {
			if c.i >= c.n {
				return 0, io.EOF
			}
			rc, _, err := c.s.blobs.Get(c.ctx, chunkKey(c.id, c.i), 0, -1)
			if err != nil {
				return 0, fmt.Errorf("drive: read upload chunk: %w", err)
			}
			c.cur = rc
		}
		n, err := c.cur.Read(p)
		if err == io.EOF {
			c.cur.Close()
			c.cur = nil
			c.i++
			if n > 0 {
				return n, nil
			}
			continue
		}
		return n, err
	}
}

func (c *chunkReader) Close() error {
	if c.cur != nil {
		return c.cur.Close()
	}
	return nil
}
