// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Usage is a user's storage use.
type Usage struct {
	// Used counts the bytes of every version the user keeps, trash
	// included (a copy counts again, though it shares the blob).
	Used int64 `json:"used"`
	// Quota is the user's limit in bytes.
	Quota int64 `json:"quota"`
	// Available is what is left (never negative).
	Available int64 `json:"available"`
}

// Usage returns userID's storage use and quota.
func (s *Service) Usage(ctx context.Context, userID string) (Usage, error) {
	used, quota, err := s.usage(ctx, s.db, userID)
	if err != nil {
		return Usage{}, err
	}
	return Usage{Used: used, Quota: quota, Available: max(quota-used, 0)}, nil
}

// usage reads userID's use from the counter that the triggers of
// migration 0018 keep equal to the sum of the sizes of the user's versions.
func (s *Service) usage(ctx context.Context, q querier, userID string) (used, quota int64, err error) {
	var override sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT COALESCE((SELECT used FROM drive_usage WHERE user_id = $1), 0),
		(SELECT quota_bytes FROM drive_quotas WHERE user_id = $1)`, userID).Scan(&used, &override)
	if err != nil {
		return 0, 0, fmt.Errorf("drive: usage of %q: %w", userID, err)
	}
	return used, s.quotaOf(override), nil
}

func (s *Service) quotaOf(override sql.NullInt64) int64 {
	if override.Valid {
		return override.Int64
	}
	return s.opts.DefaultQuota
}

// checkQuota refuses adding n bytes to userID's use if it would exceed the
// quota. In a transaction (q a *sql.Tx) it first locks the user's usage row
// until the commit: a concurrent transaction that adds versions for the
// same user waits, then sees this one's use, so two uploads cannot both
// pass a quota they jointly exceed. (On SQLite, write transactions are
// serialized anyway.) Outside one it only reads, as a first check.
func (s *Service) checkQuota(ctx context.Context, q querier, userID string, n int64) error {
	tx, ok := q.(*sql.Tx)
	if !ok {
		used, quota, err := s.usage(ctx, q, userID)
		if err != nil {
			return err
		}
		if used+n > quota {
			return quotaError(quota)
		}
		return nil
	}
	used, err := lockUsage(ctx, tx, userID)
	if err != nil {
		return err
	}
	var override sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT quota_bytes FROM drive_quotas WHERE user_id = $1`, userID).Scan(&override)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("drive: quota of %q: %w", userID, err)
	}
	if quota := s.quotaOf(override); used+n > quota {
		return quotaError(quota)
	}
	return nil
}

// lockUsage locks userID's usage row until the end of tx and returns the
// use it counts. A transaction that adds or removes versions (upload, copy,
// version restore, purge) takes it before any other row it changes (nodes,
// blobs), so that on PostgreSQL such transactions queue on it in one order
// rather than deadlock on rows taken in different orders.
func lockUsage(ctx context.Context, tx *sql.Tx, userID string) (int64, error) {
	var used int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO drive_usage (user_id, used) VALUES ($1, 0)
		ON CONFLICT (user_id) DO UPDATE SET used = drive_usage.used RETURNING used`, userID).Scan(&used); err != nil {
		return 0, fmt.Errorf("drive: usage of %q: %w", userID, err)
	}
	return used, nil
}

// SetQuota overrides userID's quota (an administrator's decision); a
// negative bytes restores the default.
func (s *Service) SetQuota(ctx context.Context, userID string, bytes int64) error {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("drive: set quota of %q: %w", userID, errs.NotFound)
	}
	if err != nil {
		return fmt.Errorf("drive: set quota of %q: %w", userID, err)
	}
	if bytes < 0 {
		_, err = s.db.ExecContext(ctx, `DELETE FROM drive_quotas WHERE user_id = $1`, userID)
	} else {
		_, err = s.db.ExecContext(ctx, `INSERT INTO drive_quotas (user_id, quota_bytes) VALUES ($1, $2)
			ON CONFLICT (user_id) DO UPDATE SET quota_bytes = excluded.quota_bytes`, userID, bytes)
	}
	if err != nil {
		return fmt.Errorf("drive: set quota of %q: %w", userID, err)
	}
	return nil
}

// UserUsage is one user's storage use, as administrators see it.
type UserUsage struct {
	UserID string `json:"user_id"`
	// Used counts the bytes of every version the user keeps.
	Used int64 `json:"used"`
	// Quota is the user's limit in bytes.
	Quota int64 `json:"quota"`
	// Custom tells whether an administrator set the quota; otherwise it
	// is the default.
	Custom bool `json:"custom"`
}

// DefaultQuota is the quota of every user without an override.
func (s *Service) DefaultQuota() int64 { return s.opts.DefaultQuota }

// AllUsage returns the storage use and quota of every account (an
// administrator's view).
func (s *Service) AllUsage(ctx context.Context) ([]UserUsage, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, COALESCE(v.used, 0), q.quota_bytes FROM users u
		LEFT JOIN drive_usage v ON v.user_id = u.id
		LEFT JOIN drive_quotas q ON q.user_id = u.id
		ORDER BY u.id`)
	if err != nil {
		return nil, fmt.Errorf("drive: usage of every user: %w", err)
	}
	defer rows.Close()
	list := []UserUsage{}
	for rows.Next() {
		var u UserUsage
		var override sql.NullInt64
		if err := rows.Scan(&u.UserID, &u.Used, &override); err != nil {
			return nil, fmt.Errorf("drive: usage of every user: %w", err)
		}
		u.Quota, u.Custom = s.quotaOf(override), override.Valid
		list = append(list, u)
	}
	return list, rows.Err()
}
