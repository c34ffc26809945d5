// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package dbtest gives tests real, migrated databases: a fresh SQLite file,
// and a fresh PostgreSQL database that is dropped when the test ends.
//
// PostgreSQL is found at $ENSEMBLE_TEST_POSTGRES, by default
// postgres://postgres@127.0.0.1:5432/postgres (trust authentication, as on
// the CI machine). When it cannot be reached the PostgreSQL half of a test
// is skipped with a message, except when $CI is set: CI always runs it, so
// there it fails.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver for the admin connection

	"github.com/ensemble-suite/ensemble/internal/db"
)

// DefaultPostgres is the server used when $ENSEMBLE_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Each runs fn as two subtests, "sqlite" and "postgres", each on a fresh
// migrated database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary folder.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(t.Context(), "", filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatalf("dbtest: open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

// Postgres returns a fresh migrated PostgreSQL database, dropped at cleanup.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	u := PostgresURL(t)
	d, err := db.Open(t.Context(), u, "")
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", u, err)
	}
	t.Cleanup(func() { d.Close() })
	migrate(t, d)
	return d
}

// PostgresURL creates an empty PostgreSQL database for this test and returns
// its URL; the database is dropped at cleanup. Tests that need to open the
// database themselves (two servers on one database) use it.
func PostgresURL(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("ENSEMBLE_TEST_POSTGRES")
	if admin == "" {
		admin = DefaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := sql.Open("pgx", admin)
	if err == nil {
		err = conn.PingContext(ctx)
	}
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		msg := fmt.Sprintf("dbtest: PostgreSQL not reachable at %s (set ENSEMBLE_TEST_POSTGRES): %v", redact(admin), err)
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " — CI must run the PostgreSQL tests")
		}
		t.Skip(msg)
	}
	name := "ensemble_test_" + randomHex(6)
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		conn.Close()
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		defer conn.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dbtest: drop database %s: %v", name, err)
		}
	})
	pu, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("dbtest: parse %s: %v", redact(admin), err)
	}
	pu.Path = "/" + name
	return pu.String()
}

func migrate(t testing.TB, d *db.DB) {
	t.Helper()
	if _, err := d.Migrate(t.Context()); err != nil {
		t.Fatalf("dbtest: migrate: %v", err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}
