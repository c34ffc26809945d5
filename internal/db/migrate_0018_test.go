// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package db_test

import (
	"path/filepath"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

// Migration 0018 fills the Drive usage counter from the versions already
// stored: one row per user who has any, equal to the sum of their sizes;
// the triggers then keep it so.
func TestMigration0018FillsDriveUsage(t *testing.T) {
	open := map[string]func(t *testing.T) *db.DB{
		"sqlite": func(t *testing.T) *db.DB {
			d, err := db.Open(t.Context(), "", filepath.Join(t.TempDir(), "m.db"))
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
		"postgres": func(t *testing.T) *db.DB {
			d, err := db.Open(t.Context(), dbtest.PostgresURL(t), "")
			if err != nil {
				t.Fatal(err)
			}
			return d
		},
	}
	for name, open := range open {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			d := open(t)
			defer d.Close()
			if _, err := d.MigrateUpTo(ctx, 17); err != nil {
				t.Fatal(err)
			}
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := d.ExecContext(ctx, q, args...); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for _, u := range []string{"ann", "ben", "cat"} {
				exec(`INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES ($1, $1, $1, $1, 't', 't')`, u)
				exec(`INSERT INTO drive_nodes (id, owner_id, parent_id, name, name_key, is_dir, etag, created_at, modified_at)
					VALUES ($1, $2, NULL, '', '', TRUE, 'e', 't', 't')`, "root-"+u, u)
			}
			exec(`INSERT INTO drive_blobs (id, size, sha256, refs, created_at) VALUES ('b', 10, 's', 4, 't')`)
			for i, v := range []struct {
				owner string
				size  int64
			}{{"ann", 10}, {"ann", 300}, {"ben", 7}, {"ann", 5}} {
				id := string(rune('a' + i))
				exec(`INSERT INTO drive_nodes (id, owner_id, parent_id, name, name_key, is_dir, etag, created_at, modified_at)
					VALUES ($1, $2, $3, $1, $1, FALSE, 'e', 't', 't')`, "n"+id, v.owner, "root-"+v.owner)
				exec(`INSERT INTO drive_versions (id, node_id, owner_id, blob_id, size, sha256, author_id, created_at)
					VALUES ($1, $2, $3, 'b', $4, 's', $3, 't')`, "v"+id, "n"+id, v.owner, v.size)
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			used := func() map[string]int64 {
				t.Helper()
				rows, err := d.QueryContext(ctx, `SELECT user_id, used FROM drive_usage`)
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				m := map[string]int64{}
				for rows.Next() {
					var u string
					var n int64
					if err := rows.Scan(&u, &n); err != nil {
						t.Fatal(err)
					}
					m[u] = n
				}
				return m
			}
			if got := used(); len(got) != 2 || got["ann"] != 315 || got["ben"] != 7 {
				t.Errorf("after the migration drive_usage = %v; want ann 315, ben 7", got)
			}
			exec(`DELETE FROM drive_nodes WHERE id = 'nb'`) // its version goes by cascade
			exec(`INSERT INTO drive_nodes (id, owner_id, parent_id, name, name_key, is_dir, etag, created_at, modified_at)
				VALUES ('nz', 'cat', 'root-cat', 'z', 'z', FALSE, 'e', 't', 't')`)
			exec(`INSERT INTO drive_versions (id, node_id, owner_id, blob_id, size, sha256, author_id, created_at)
				VALUES ('vz', 'nz', 'cat', 'b', 42, 's', 'cat', 't')`)
			exec(`DELETE FROM users WHERE id = 'ben'`)
			if got := used(); len(got) != 2 || got["ann"] != 15 || got["cat"] != 42 {
				t.Errorf("after a cascade, an insert and an account deletion drive_usage = %v; want ann 15, cat 42", got)
			}
		})
	}
}
