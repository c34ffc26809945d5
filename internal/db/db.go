// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package db opens Ensemble's relational database, SQLite (embedded, the
// default) or PostgreSQL, and applies its migrations.
//
// Domains write plain SQL with $1, $2… placeholders, which both dialects
// accept, and keep dialect-specific statements in files of their own where
// the dialects differ. Reads go to a pool of connections; writes go through
// ExecContext and Tx, which on SQLite share a single writer connection so
// that writers queue in the program instead of failing with SQLITE_BUSY.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Dialect names the SQL engine behind a DB.
type Dialect string

// The dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. It is safe for concurrent use.
type DB struct {
	dialect Dialect
	read    *sql.DB
	write   *sql.DB // the same pool as read on PostgreSQL
	// turn, on SQLite, makes writers take the single writer connection in
	// arrival order: database/sql hands a freed connection to a random
	// waiter, which under load leaves some writers waiting many turns.
	turn chan struct{}
}

// takeTurn waits for the writer's turn (SQLite only); release gives it up.
func (d *DB) takeTurn(ctx context.Context) (release func(), err error) {
	if d.turn == nil {
		return func() {}, nil
	}
	select {
	case d.turn <- struct{}{}:
		return func() { <-d.turn }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Dialect reports which SQL engine this is.
func (d *DB) Dialect() Dialect { return d.dialect }

// QueryContext runs a query that returns rows, on a reading connection.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return d.read.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row, on a reading connection.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return d.read.QueryRowContext(ctx, query, args...)
}

// ExecContext runs a statement that writes, on the writing connection.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	release, err := d.takeTurn(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return d.write.ExecContext(ctx, query, args...)
}

// PrepareWrite prepares a statement on the writing connections, for the
// hot paths of write transactions: tx.StmtContext(ctx, stmt) then runs it
// without parsing the SQL again (on SQLite, the one writer connection keeps
// it prepared). The caller closes it when done.
func (d *DB) PrepareWrite(ctx context.Context, query string) (*sql.Stmt, error) {
	stmt, err := d.write.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("db: prepare: %w", err)
	}
	return stmt, nil
}

// Tx runs fn in a write transaction, committed if fn returns nil and rolled
// back otherwise (also when fn panics, and the panic goes on).
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	release, err := d.takeTurn(ctx)
	if err != nil {
		return err
	}
	defer release()
	tx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("db: rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Ping checks that the database answers, for readiness probes.
func (d *DB) Ping(ctx context.Context) error {
	if err := d.write.PingContext(ctx); err != nil {
		return fmt.Errorf("db: ping: %w", err)
	}
	if d.read != d.write {
		if err := d.read.PingContext(ctx); err != nil {
			return fmt.Errorf("db: ping readers: %w", err)
		}
	}
	return nil
}

// Close closes every connection.
func (d *DB) Close() error {
	err := d.write.Close()
	if d.read != d.write {
		err = errors.Join(err, d.read.Close())
	}
	return err
}

// timeLayout stores times as fixed-width UTC text, so that they compare and
// sort as strings the same way on both dialects.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// Time formats t for storage.
func Time(t time.Time) string { return t.UTC().Format(timeLayout) }

// ParseTime reads a stored time; an empty string is the zero time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}
