// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package db_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

func TestDialectsHaveTheSameVersions(t *testing.T) {
	lite, err := db.Migrations(db.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	pg, err := db.Migrations(db.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) == 0 || len(lite) != len(pg) {
		t.Fatalf("sqlite has %d migrations, postgres %d", len(lite), len(pg))
	}
	for i := range lite {
		if lite[i].Version != pg[i].Version || lite[i].Name != pg[i].Name {
			t.Errorf("migration %d: sqlite %d_%s, postgres %d_%s", i, lite[i].Version, lite[i].Name, pg[i].Version, pg[i].Name)
		}
	}
}

func TestMigrate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		// dbtest already migrated: a second run applies nothing.
		n, err := d.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate = %d, %v; want 0, nil", n, err)
		}
		st, err := d.Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if s.AppliedAt.IsZero() {
				t.Errorf("migration %d not applied", s.Version)
			}
		}
		var id string
		if err := d.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, "installation_id").Scan(&id); err != nil || len(id) != 32 {
			t.Errorf("installation_id = %q, %v; want 32 hex digits", id, err)
		}
	})
}

func TestRefuseNewerSchema(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		latest := db.LatestVersion(d.Dialect())
		if _, err := d.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'future', '2030-01-01T00:00:00Z')`, latest+5); err != nil {
			t.Fatal(err)
		}
		_, err := d.Migrate(ctx)
		var newer *db.SchemaNewerError
		if !errors.As(err, &newer) || newer.Database != latest+5 || newer.Binary != latest {
			t.Fatalf("Migrate = %v; want SchemaNewerError{%d, %d}", err, latest+5, latest)
		}
		if _, err := d.Status(ctx); !errors.As(err, &newer) {
			t.Fatalf("Status = %v; want SchemaNewerError", err)
		}
	})
}

func TestTxRollsBackOnPanic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		func() {
			defer func() { recover() }()
			d.Tx(ctx, func(tx *sql.Tx) error {
				tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('p', 'v', 'now')`)
				panic("boom")
			})
		}()
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM settings WHERE key = 'p'`).Scan(&n); err != nil || n != 0 {
			t.Fatalf("count = %d, %v; want 0", n, err)
		}
		// The writer is usable again.
		if _, err := d.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('p', 'v', 'now')`); err != nil {
			t.Fatal(err)
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		_, err := d.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('installation_id', 'x', 'now')`)
		if !db.IsUniqueViolation(err) {
			t.Fatalf("IsUniqueViolation(%v) = false", err)
		}
		if db.IsUniqueViolation(errors.New("other")) {
			t.Fatal("IsUniqueViolation(other) = true")
		}
	})
}

func TestConcurrentWriters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		if _, err := d.ExecContext(ctx, `CREATE TABLE counter (n INTEGER NOT NULL)`); err != nil {
			t.Fatal(err)
		}
		d.ExecContext(ctx, `INSERT INTO counter VALUES (0)`)
		var wg sync.WaitGroup
		errc := make(chan error, 40)
		for range 40 {
			wg.Go(func() {
				errc <- d.Tx(ctx, func(tx *sql.Tx) error {
					var n int
					if d.Dialect() == db.Postgres {
						if _, err := tx.ExecContext(ctx, `LOCK TABLE counter`); err != nil {
							return err
						}
					}
					if err := tx.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `UPDATE counter SET n = $1`, n+1)
					return err
				})
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		var n int
		d.QueryRowContext(ctx, `SELECT n FROM counter`).Scan(&n)
		if n != 40 {
			t.Fatalf("counter = %d; want 40 (lost updates)", n)
		}
	})
}

func TestSQLiteSettings(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := t.Context()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2"} {
		var got string
		if err := d.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	// Readers cannot write, so every write goes through the single writer.
	if _, err := d.QueryContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('r', 'v', 'now') RETURNING key`); err == nil {
		t.Error("a write on a reading connection succeeded")
	}
}

func TestConcurrentMigrateOnPostgres(t *testing.T) {
	u := dbtest.PostgresURL(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	counts := make([]int, 3)
	for i := range counts {
		wg.Go(func() {
			d, err := db.Open(ctx, u, "")
			if err != nil {
				t.Error(err)
				return
			}
			defer d.Close()
			counts[i], err = d.Migrate(ctx)
			if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if total := counts[0] + counts[1] + counts[2]; total != db.LatestVersion(db.Postgres) {
		t.Fatalf("migrations applied %v; want %d in all", counts, db.LatestVersion(db.Postgres))
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx := t.Context()
	if _, err := db.Open(ctx, "postgres://nobody@127.0.0.1:1/x?connect_timeout=2", ""); err == nil {
		t.Fatal("Open of a closed port succeeded")
	}
	if _, err := db.Open(ctx, "", filepath.Join(t.TempDir(), "missing-dir", "x.db")); err == nil {
		t.Fatal("Open in a missing folder succeeded")
	}
}

// A writer waiting for its turn gives up when its context ends.
func TestWriterTurnHonoursContext(t *testing.T) {
	d := dbtest.SQLite(t)
	hold := make(chan struct{})
	started := make(chan struct{})
	go d.Tx(context.Background(), func(*sql.Tx) error {
		close(started)
		<-hold
		return nil
	})
	<-started
	defer close(hold)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := d.ExecContext(ctx, `SELECT 1`); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("ExecContext while another writer holds the turn = %v; want the context's error", err)
	}
}
