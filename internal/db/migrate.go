// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// migrationFiles holds the schema, one folder per dialect. The same
// versions exist in both; a file, once landed, is never edited.
//
//go:embed migrations
var migrationFiles embed.FS

// Migration is one step of the schema.
type Migration struct {
	// Version orders migrations; it is the number before the first _ of the file name.
	Version int
	// Name is the rest of the file name, without .sql.
	Name string
	// SQL is the statements to run.
	SQL string
}

// MigrationState is a migration with when it was applied, if it was.
type MigrationState struct {
	Migration
	// AppliedAt is when the migration ran, or the zero time if it is pending.
	AppliedAt time.Time
}

// SchemaNewerError is returned when the database was migrated by a newer
// binary: this one must not touch it.
type SchemaNewerError struct {
	// Database is the schema version the database is at.
	Database int
	// Binary is the newest schema version this binary knows.
	Binary int
}

func (e *SchemaNewerError) Error() string {
	return fmt.Sprintf("the database schema is at version %d, newer than this binary knows (version %d): run a newer ensemble, or restore a backup made for this one", e.Database, e.Binary)
}

// Migrations returns the embedded migrations of a dialect, in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("db: migrations for %s: %w", d, err)
	}
	var out []Migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("db: migration file %s: want NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && out[len(out)-1].Version == v {
			return nil, fmt.Errorf("db: two migrations numbered %d", v)
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	return out, nil
}

// LatestVersion is the newest schema version this binary knows.
func LatestVersion(d Dialect) int {
	ms, err := Migrations(d)
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version    INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// Status reports every known migration with when it was applied. It
// returns a *SchemaNewerError if the database is newer than this binary.
func (d *DB) Status(ctx context.Context) ([]MigrationState, error) {
	ms, err := Migrations(d.dialect)
	if err != nil {
		return nil, err
	}
	if _, err := d.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("db: create schema_migrations: %w", err)
	}
	applied, err := appliedVersions(ctx, d.read)
	if err != nil {
		return nil, err
	}
	if err := checkNotNewer(applied, ms); err != nil {
		return nil, err
	}
	out := make([]MigrationState, len(ms))
	for i, m := range ms {
		out[i] = MigrationState{Migration: m, AppliedAt: applied[m.Version]}
	}
	return out, nil
}

// Migrate applies the pending migrations in order, each in a transaction of
// its own, and returns how many it applied. Several processes may call it at
// once: they take turns. It refuses a database newer than this binary with a
// *SchemaNewerError and changes nothing then.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations(d.dialect)
	if err != nil {
		return 0, err
	}
	return d.migrate(ctx, ms)
}

func (d *DB) migrate(ctx context.Context, ms []Migration) (int, error) {
	conn, err := d.write.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("db: migrate: %w", err)
	}
	defer conn.Close()
	if d.dialect == Postgres {
		// Session-level lock: other nodes starting at the same time wait here.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(4242001)`); err != nil {
			return 0, fmt.Errorf("db: migrate: lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(4242001)`)
	}
	if _, err := conn.ExecContext(ctx, createMigrationsTable); err != nil {
		return 0, fmt.Errorf("db: create schema_migrations: %w", err)
	}
	applied, err := appliedVersions(ctx, conn)
	if err != nil {
		return 0, err
	}
	if err := checkNotNewer(applied, ms); err != nil {
		return 0, err
	}
	n := 0
	for _, m := range ms {
		if _, ok := applied[m.Version]; ok {
			continue
		}
		if err := apply(ctx, conn, m); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func apply(ctx context.Context, conn *sql.Conn, m Migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: migration %d: begin: %w", m.Version, err)
	}
	defer tx.Rollback()
	// A concurrent migrator (SQLite in another process) may have applied it
	// while we waited for the write lock.
	var exists int
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&exists)
	if err != nil {
		return fmt.Errorf("db: migration %d: %w", m.Version, err)
	}
	if exists > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("db: migration %d_%s: %w", m.Version, m.Name, err)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, m.Version, m.Name, now); err != nil {
		return fmt.Errorf("db: migration %d: record: %w", m.Version, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: migration %d: commit: %w", m.Version, err)
	}
	return nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func appliedVersions(ctx context.Context, q querier) (map[int]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, applied_at FROM schema_migrations`)
	if err != nil {
		return nil, fmt.Errorf("db: read schema_migrations: %w", err)
	}
	defer rows.Close()
	out := map[int]time.Time{}
	for rows.Next() {
		var v int
		var at string
		if err := rows.Scan(&v, &at); err != nil {
			return nil, fmt.Errorf("db: read schema_migrations: %w", err)
		}
		t, _ := time.Parse(time.RFC3339Nano, at)
		out[v] = t
	}
	return out, rows.Err()
}

func checkNotNewer(applied map[int]time.Time, known []Migration) error {
	latest := 0
	if len(known) > 0 {
		latest = known[len(known)-1].Version
	}
	newest := 0
	for v := range applied {
		newest = max(newest, v)
	}
	if newest > latest {
		return &SchemaNewerError{Database: newest, Binary: latest}
	}
	return nil
}
