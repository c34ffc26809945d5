// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package drive is Ensemble's file storage: a tree of folders and files per
// user, whose bytes live in the blob store and whose metadata lives in the
// database. Uploading over a file keeps its earlier versions; deleting moves
// items to a trash that is purged after a retention period; every user has a
// quota.
//
// Blobs are written under a fresh key, hashed (SHA-256) while they stream,
// and only then referenced by a committed database row, so an interrupted
// upload never shows. A blob is shared by every version and copy that uses
// it and counted (drive_blobs.refs); it is deleted when the last reference
// goes. Reads verify the recorded SHA-256.
//
// Every operation names the acting user and passes through one decision,
// authorize, before it touches anything. The REST API (Mount) and the WebDAV
// server (package dav) both call this package, so ETags, modification times
// and quotas agree between them.
package drive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ensemble-suite/ensemble/internal/access"
	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Options tune the service; zero values mean the defaults.
type Options struct {
	// DefaultQuota is every user's quota in bytes unless an administrator
	// set another (default 10 GiB).
	DefaultQuota int64
	// TrashRetention is how long trashed items are kept before
	// PurgeExpired removes them (default 30 days).
	TrashRetention time.Duration
	// MaxVersions is how many versions of a file are kept, the current one
	// included (default 20); older ones are dropped on upload.
	MaxVersions int
	// Now returns the current time (tests move it).
	Now func() time.Time
	// Clamd is the address of a clamd that scans uploads for malware
	// (host:port or a unix socket's path); empty turns scanning off.
	Clamd string
}

// Service is the drive domain.
type Service struct {
	db     *db.DB
	blobs  blob.Store
	audit  *audit.Log
	log    *slog.Logger
	opts   Options
	grants *access.Store
	tree   tree
	// linkLimit slows down password guessing on share links.
	linkLimit *linkLimiter
	// thumbSem bounds the thumbnails made at once.
	thumbSem chan struct{}
}

// New returns the drive service over d and blobs.
func New(d *db.DB, blobs blob.Store, a *audit.Log, log *slog.Logger, opts Options) *Service {
	if opts.DefaultQuota <= 0 {
		opts.DefaultQuota = 10 << 30
	}
	if opts.TrashRetention <= 0 {
		opts.TrashRetention = 30 * 24 * time.Hour
	}
	if opts.MaxVersions <= 0 {
		opts.MaxVersions = 20
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Service{db: d, blobs: blobs, audit: a, log: log, opts: opts, grants: access.NewStore(grantKind), tree: tree{d},
		thumbSem: make(chan struct{}, thumbWorkers), linkLimit: newLinkLimiter()}
}

// Node is a file or a folder.
type Node struct {
	ID       string `json:"id"`
	OwnerID  string `json:"owner_id"`
	ParentID string `json:"parent_id,omitempty"`
	// Name is the NFC-normalised name; the root folder's is empty.
	Name string `json:"name"`
	Dir  bool   `json:"is_dir"`
	// Size is the current content's length (0 for folders).
	Size int64 `json:"size"`
	// SHA256 is the hex digest of the current content (files only).
	SHA256      string `json:"sha256,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	// ETag is the quoted entity tag, the same over REST and WebDAV.
	ETag      string     `json:"etag"`
	Created   time.Time  `json:"created_at"`
	Modified  time.Time  `json:"modified_at"`
	TrashedAt *time.Time `json:"trashed_at,omitempty"`
	// ScanState is where the malware scan of a file's content stands:
	// scanning, clean or blocked (files only).
	ScanState string `json:"scan_state,omitempty"`

	blobID      string
	trashedFrom string
}

// Root reports whether n is a user's root folder.
func (n Node) Root() bool { return n.ParentID == "" }

const nodeColumns = `id, owner_id, COALESCE(parent_id, ''), name, is_dir, size, COALESCE(blob_id, ''),
	sha256, content_type, etag, created_at, modified_at, COALESCE(trashed_at, ''), COALESCE(trashed_from, ''),
	COALESCE((SELECT scan_state FROM drive_blobs WHERE drive_blobs.id = blob_id), '')`

type rowScanner interface{ Scan(dest ...any) error }

func scanNode(r rowScanner) (Node, error) {
	var n Node
	var created, modified, trashed string
	err := r.Scan(&n.ID, &n.OwnerID, &n.ParentID, &n.Name, &n.Dir, &n.Size, &n.blobID,
		&n.SHA256, &n.ContentType, &n.ETag, &created, &modified, &trashed, &n.trashedFrom, &n.ScanState)
	if err != nil {
		return n, err
	}
	n.Created, _ = db.ParseTime(created)
	n.Modified, _ = db.ParseTime(modified)
	if trashed != "" {
		t, _ := db.ParseTime(trashed)
		n.TrashedAt = &t
	}
	return n, nil
}

// querier is what both *db.DB and *sql.Tx offer for reading.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// node reads one node by ID, trashed or not.
func (s *Service) node(ctx context.Context, q querier, id string) (Node, error) {
	n, err := scanNode(q.QueryRowContext(ctx, `SELECT `+nodeColumns+` FROM drive_nodes WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return n, fmt.Errorf("drive: item %q: %w", id, errs.NotFound)
	}
	if err != nil {
		return n, fmt.Errorf("drive: item %q: %w", id, err)
	}
	return n, nil
}

func (s *Service) now() time.Time { return s.opts.Now().UTC().Truncate(time.Microsecond) }
