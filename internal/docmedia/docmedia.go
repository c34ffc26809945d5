// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package docmedia keeps the images and files of documents: an editor
// uploads one into the blob store (key docmedia/<docID>/<mediaID>), a row
// of doc_media names it, and whoever may read the document (anonymous
// visitors of a public link included) downloads it from
// /api/v1/docs/{id}/media/{mediaID}. The type of a file is sniffed from its
// bytes, never taken from the client, and user content is always served
// sandboxed: images in place, everything else as a download.
//
// Every path asks the document record (docs.Service.Get, the one
// permission function) who may do what; to someone who may not read the
// document its media do not exist (errs.NotFound).
package docmedia

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// Docs is what media need of the document records: *docs.Service. Get
// returns errs.NotFound to whoever may not read the document, and the
// caller's abilities otherwise.
type Docs interface {
	Get(ctx context.Context, docID, userID string) (docs.Doc, error)
}

var _ Docs = (*docs.Service)(nil)

// DefaultMaxSize is the largest file accepted when Options.MaxSize is 0.
const DefaultMaxSize = 20 << 20

// Options are the service's optional settings.
type Options struct {
	// MaxSize is the largest file accepted, in bytes (DefaultMaxSize if 0).
	MaxSize int64
	// Now is the clock (time.Now if nil).
	Now func() time.Time
}

// Media is a stored image or file of a document.
type Media struct {
	ID          string    `json:"id"`
	DocID       string    `json:"-"`
	URL         string    `json:"url"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"-"`
	CreatedBy   string    `json:"-"`
	CreatedAt   time.Time `json:"-"`
}

// Service stores and serves the media of documents.
type Service struct {
	db    *db.DB
	blobs blob.Store
	docs  Docs
	log   *slog.Logger
	opts  Options
}

// New returns the media service over d and b, asking dd who may do what.
func New(d *db.DB, b blob.Store, dd Docs, log *slog.Logger, opts Options) *Service {
	if opts.MaxSize <= 0 {
		opts.MaxSize = DefaultMaxSize
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: d, blobs: b, docs: dd, log: log, opts: opts}
}

// MaxSize is the largest file accepted, in bytes.
func (s *Service) MaxSize() int64 { return s.opts.MaxSize }

// URL is the address media mediaID of docID is served at.
func URL(docID, mediaID string) string { return "/api/v1/docs/" + docID + "/media/" + mediaID }

// key is where the bytes of media mediaID of docID live in the blob store.
func key(docID, mediaID string) string { return "docmedia/" + docID + "/" + mediaID }

// Upload stores the content of r, a file the client called name, as a
// medium of docID, if userID may edit it (errs.Forbidden for readers,
// errs.NotFound for those who may not read it). A file larger than
// MaxSize is errs.TooLarge and leaves nothing stored.
func (s *Service) Upload(ctx context.Context, userID, docID, name string, r io.Reader) (Media, error) {
	d, err := s.docs.Get(ctx, docID, userID)
	if err != nil {
		return Media{}, err
	}
	if !d.Abilities["edit"] {
		return Media{}, errs.Explain(errs.Forbidden, "You may not add images or files to this document.")
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Media{}, fmt.Errorf("docmedia: read the file: %w", err)
	}
	head = head[:n]
	if n == 0 {
		return Media{}, errs.Explain(errs.Invalid, "The file is empty.")
	}
	m := Media{ID: ids.New(), DocID: docID, CreatedBy: userID, CreatedAt: s.opts.Now().UTC().Truncate(time.Second)}
	m.ContentType, m.Name = classify(head, cleanName(name))
	m.URL = URL(docID, m.ID)

	h := sha256.New()
	lr := &limited{r: io.MultiReader(bytes.NewReader(head), r), left: s.opts.MaxSize}
	info, err := s.blobs.Put(ctx, key(docID, m.ID), io.TeeReader(lr, h), -1)
	if lr.over {
		return Media{}, s.tooLarge()
	}
	if err != nil {
		return Media{}, fmt.Errorf("docmedia: store the file: %w", err)
	}
	m.Size, m.SHA256 = info.Size, hex.EncodeToString(h.Sum(nil))
	_, err = s.db.ExecContext(ctx, `INSERT INTO doc_media (id, doc_id, name, content_type, size, sha256, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, m.ID, docID, m.Name, m.ContentType, m.Size, m.SHA256, userID, db.Time(m.CreatedAt))
	if err != nil {
		if derr := s.blobs.Delete(context.WithoutCancel(ctx), key(docID, m.ID)); derr != nil {
			s.log.Warn("docmedia: delete the blob of a failed upload", "doc", docID, "media", m.ID, "err", derr)
		}
		return Media{}, fmt.Errorf("docmedia: record the file: %w", err)
	}
	return m, nil
}

func (s *Service) tooLarge() error {
	return errs.Explain(errs.TooLarge, "The file is larger than %d MiB, the most a document accepts.", s.opts.MaxSize>>20)
}

// errOver stops a Put that went past the size limit.
var errOver = errors.New("docmedia: file too large")

// limited reads at most left bytes and fails after that, so that a blob
// store's atomic Put stores nothing.
type limited struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		l.over = true
		return 0, errOver
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return 0, errOver
	}
	return n, err
}

// Get returns media mediaID of docID if userID (empty: anonymous) may read
// the document, and errs.NotFound otherwise.
func (s *Service) Get(ctx context.Context, docID, mediaID, userID string) (Media, error) {
	if _, err := s.docs.Get(ctx, docID, userID); err != nil {
		if errors.Is(err, errs.Forbidden) {
			err = fmt.Errorf("docmedia: %q: %w", docID, errs.NotFound)
		}
		return Media{}, err
	}
	return s.row(ctx, docID, mediaID)
}

// row reads a medium's record.
func (s *Service) row(ctx context.Context, docID, mediaID string) (Media, error) {
	m := Media{ID: mediaID, DocID: docID, URL: URL(docID, mediaID)}
	var created string
	var by sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT name, content_type, size, sha256, created_by, created_at FROM doc_media
		WHERE id = $1 AND doc_id = $2`, mediaID, docID).Scan(&m.Name, &m.ContentType, &m.Size, &m.SHA256, &by, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Media{}, fmt.Errorf("docmedia: %q of %q: %w", mediaID, docID, errs.NotFound)
	}
	if err != nil {
		return Media{}, fmt.Errorf("docmedia: get %q: %w", mediaID, err)
	}
	m.CreatedBy = by.String
	m.CreatedAt, _ = db.ParseTime(created)
	return m, nil
}

// ReadAll returns the bytes and type of media mediaID of docID if userID
// may read the document and the file is at most max bytes (errs.TooLarge
// otherwise). Export embeds images with it.
func (s *Service) ReadAll(ctx context.Context, docID, mediaID, userID string, max int64) ([]byte, string, error) {
	m, err := s.Get(ctx, docID, mediaID, userID)
	if err != nil {
		return nil, "", err
	}
	if m.Size > max {
		return nil, "", fmt.Errorf("docmedia: %q is %d bytes: %w", mediaID, m.Size, errs.TooLarge)
	}
	rc, _, err := s.blobs.Get(ctx, key(docID, mediaID), 0, -1)
	if err != nil {
		return nil, "", fmt.Errorf("docmedia: read %q: %w", mediaID, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, max+1))
	if err != nil {
		return nil, "", fmt.Errorf("docmedia: read %q: %w", mediaID, err)
	}
	sum := sha256.Sum256(data)
	if int64(len(data)) != m.Size || hex.EncodeToString(sum[:]) != m.SHA256 {
		return nil, "", fmt.Errorf("docmedia: %q does not match its checksum: %w", mediaID, errs.Invalid)
	}
	return data, m.ContentType, nil
}

// Sweep deletes the blobs of media whose record is gone (their document
// was purged from the trash: the rows go with it, by cascade) and returns
// how many it deleted. The server's housekeeping calls it after the trash
// purge. Blobs younger than an hour are left alone: an upload may be
// between its Put and its row.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	var orphans []string
	cutoff := s.opts.Now().Add(-time.Hour)
	err := s.blobs.List(ctx, "docmedia/", func(info blob.Info) error {
		if info.ModTime.After(cutoff) {
			return nil
		}
		parts := strings.Split(info.Key, "/")
		if len(parts) != 3 || !ids.Valid(parts[1]) || !ids.Valid(parts[2]) {
			return nil // not ours
		}
		docID, mediaID := parts[1], parts[2]
		var one int
		err := s.db.QueryRowContext(ctx, `SELECT 1 FROM doc_media WHERE id = $1 AND doc_id = $2`, mediaID, docID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			orphans = append(orphans, info.Key)
			return nil
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("docmedia: sweep: %w", err)
	}
	for i, k := range orphans {
		if err := s.blobs.Delete(ctx, k); err != nil {
			return i, fmt.Errorf("docmedia: sweep %q: %w", k, err)
		}
	}
	return len(orphans), nil
}
