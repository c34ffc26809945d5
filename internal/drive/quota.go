// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"context"
	"database/sql"
	"fmt"
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

func (s *Service) usage(ctx context.Context, q querier, userID string) (used, quota int64, err error) {
	var override sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT COALESCE((SELECT SUM(size) FROM drive_versions WHERE owner_id = $1), 0),
		(SELECT quota_bytes FROM drive_quotas WHERE user_id = $1)`, userID).Scan(&used, &override)
	if err != nil {
		return 0, 0, fmt.Errorf("drive: usage of %q: %w", userID, err)
	}
	if !override.Valid {
		return used, s.opts.DefaultQuota, nil
	}
	return used, override.Int64, nil
}

// checkQuota refuses adding n bytes to userID's use if it would exceed the
// quota.
func (s *Service) checkQuota(ctx context.Context, q querier, userID string, n int64) error {
	used, quota, err := s.usage(ctx, q, userID)
	if err != nil {
		return err
	}
	if used+n > quota {
		return quotaError(quota)
	}
	return nil
}

// SetQuota overrides userID's quota (an administrator's decision); a
// negative bytes restores the default.
func (s *Service) SetQuota(ctx context.Context, userID string, bytes int64) error {
	var err error
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
