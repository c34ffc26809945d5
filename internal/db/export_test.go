// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package db

import "context"

// MigrateUpTo applies the embedded migrations up to version only, so that
// a test can put rows in the schema a migration finds and check what it
// makes of them.
func (d *DB) MigrateUpTo(ctx context.Context, version int) (int, error) {
	ms, err := Migrations(d.dialect)
	if err != nil {
		return 0, err
	}
	n := 0
	for n < len(ms) && ms[n].Version <= version {
		n++
	}
	return d.migrate(ctx, ms[:n])
}
