// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// The scan states of a file's content (Node.ScanState).
const (
	// ScanScanning is content that waits for clamd's verdict; it cannot be
	// downloaded yet.
	ScanScanning = "scanning"
	// ScanClean is content that may be downloaded: clamd found nothing,
	// or no clamd is configured.
	ScanClean = "clean"
	// ScanBlocked is quarantined content: clamd found malware in it. It
	// cannot be downloaded nor shared.
	ScanBlocked = "blocked"
)

// scanBatch is how many blobs one ScanPending pass takes.
const scanBatch = 20

// maxScanBackoff is the longest wait between two tries of one blob.
const maxScanBackoff = time.Hour

// initialScanState is the state of a newly stored blob.
func (s *Service) initialScanState() string {
	if s.opts.Clamd != "" {
		return ScanScanning
	}
	return ScanClean
}

// downloadable refuses the content of n while it is scanned or when it is
// blocked.
func (s *Service) downloadable(n Node) error {
	switch n.ScanState {
	case ScanScanning:
		return errs.Explain(errs.Unavailable, "This file is being scanned for malware; try again in a moment.")
	case ScanBlocked:
		return errs.Explain(errs.Forbidden, "This file is quarantined: the malware scanner found a threat in it. It cannot be downloaded nor shared.")
	}
	return nil
}

// RunScanner scans pending uploads with clamd until ctx ends, every
// interval; it returns at once when no clamd is configured.
func (s *Service) RunScanner(ctx context.Context, interval time.Duration) {
	if s.opts.Clamd == "" {
		return
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.ScanPending(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("drive: malware scan", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ScanPending scans the blobs whose turn has come, and returns how many got
// a verdict. A blob clamd gives no verdict for stays scanning and is tried
// again later, waiting twice as long each time (up to an hour).
func (s *Service) ScanPending(ctx context.Context) (int, error) {
	if s.opts.Clamd == "" {
		return 0, nil
	}
	now := s.now()
	rows, err := s.db.QueryContext(ctx, `SELECT id, size, sha256, scan_attempts FROM drive_blobs
		WHERE scan_state = 'scanning' AND (scan_next_at IS NULL OR scan_next_at <= $1)
		ORDER BY created_at LIMIT `+fmt.Sprint(scanBatch), db.Time(now))
	if err != nil {
		return 0, fmt.Errorf("drive: pending scans: %w", err)
	}
	type pending struct {
		id, sum  string
		size     int64
		attempts int
	}
	var todo []pending
	for rows.Next() {
		var p pending
		if err := rows.Scan(&p.id, &p.size, &p.sum, &p.attempts); err != nil {
			rows.Close()
			return 0, fmt.Errorf("drive: pending scans: %w", err)
		}
		todo = append(todo, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("drive: pending scans: %w", err)
	}
	done := 0
	for _, p := range todo {
		c := blob.NewReader(ctx, s.blobs, blobKey(p.id), p.size, p.sum, s.log)
		found, err := clamdScan(ctx, s.opts.Clamd, c)
		c.Close()
		if err != nil {
			if ctx.Err() != nil {
				return done, ctx.Err()
			}
			wait := min(maxScanBackoff, 10*time.Second<<min(p.attempts, 12))
			s.log.Warn("drive: malware scan failed; will retry", "blob", p.id, "retry_in", wait, "err", err)
			if _, err := s.db.ExecContext(ctx, `UPDATE drive_blobs SET scan_attempts = scan_attempts + 1, scan_next_at = $2
				WHERE id = $1`, p.id, db.Time(now.Add(wait))); err != nil {
				return done, fmt.Errorf("drive: record scan failure: %w", err)
			}
			continue
		}
		if err := s.recordVerdict(ctx, p.id, found); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// recordVerdict marks blob id clean, or blocked when found names a
// signature; the owners of the files holding it are told.
func (s *Service) recordVerdict(ctx context.Context, id, found string) error {
	state := ScanClean
	if found != "" {
		state = ScanBlocked
	}
	var owners []fileOwner
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE drive_blobs SET scan_state = $2, scan_result = $3, scan_next_at = NULL
			WHERE id = $1 AND scan_state = 'scanning'`, id, state, found); err != nil {
			return err
		}
		if state != ScanBlocked {
			return nil
		}
		var err error
		if owners, err = blobOwners(ctx, tx, id); err != nil {
			return err
		}
		for _, o := range owners {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (id, user_id, kind, created_at)
				VALUES ($1, $2, 'drive.blocked', $3)`, ids.New(), o.owner, db.Time(s.now())); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("drive: record scan verdict: %w", err)
	}
	for _, o := range owners {
		s.log.Warn("drive: malware found; file quarantined", "file", o.file, "owner", o.owner, "signature", found)
		if s.audit != nil {
			s.audit.Record(ctx, nil, audit.Event{Action: "drive.file.blocked", Outcome: audit.Failure,
				TargetType: "file", TargetID: o.file, Details: map[string]any{"signature": found, "owner_id": o.owner}})
		}
	}
	return nil
}

type fileOwner struct{ file, owner string }

// blobOwners lists the files whose current content is blob id.
func blobOwners(ctx context.Context, q querier, id string) ([]fileOwner, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, owner_id FROM drive_nodes WHERE blob_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fileOwner
	for rows.Next() {
		var o fileOwner
		if err := rows.Scan(&o.file, &o.owner); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
