// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package db

import (
	"path/filepath"
	"testing"
)

// A migration is one transaction: when it fails half-way, none of it is
// applied, it is not recorded, and the ones before it stay applied.
func TestFailedMigrationLeavesNothing(t *testing.T) {
	d, err := Open(t.Context(), "", filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ms := []Migration{
		{Version: 1, Name: "good", SQL: `CREATE TABLE good (x INTEGER)`},
		{Version: 2, Name: "bad", SQL: `CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);`},
	}
	n, err := d.migrate(t.Context(), ms)
	if err == nil || n != 1 {
		t.Fatalf("migrate = %d, %v; want 1 and an error", n, err)
	}
	if _, err := d.ExecContext(t.Context(), `CREATE TABLE half (x INTEGER)`); err != nil {
		t.Errorf("the failed migration's table exists: %v", err)
	}
	applied, err := appliedVersions(t.Context(), d.read)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := applied[1]; !ok || len(applied) != 1 {
		t.Errorf("applied = %v; want only version 1", applied)
	}
	// Fixed, it applies on the next start.
	ms[1].SQL = `CREATE TABLE later (x INTEGER)`
	if n, err := d.migrate(t.Context(), ms); err != nil || n != 1 {
		t.Fatalf("migrate after fix = %d, %v; want 1, nil", n, err)
	}
}
