// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/db"
)

func migrateCommand() *command {
	cfg := config.Default()
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	storageFlags(fs, &cfg)
	c := &command{
		name:    "migrate",
		args:    " [status]",
		summary: "Apply pending database migrations (serve also does at start), or list them with 'status'.",
		flags:   fs,
		secrets: map[string]bool{"database": true},
	}
	c.run = func(env *environment, args []string) int {
		if len(args) > 1 || (len(args) == 1 && args[0] != "status") {
			fmt.Fprintf(env.stderr, "ensemble migrate: unexpected argument %q; the only one accepted is 'status'\n", args[0])
			return 2
		}
		d, err := openDatabase(env.ctx, cfg)
		if err != nil {
			return fail(env, "migrate", err)
		}
		defer d.Close()
		if len(args) == 1 {
			return migrateStatus(env, d)
		}
		n, err := d.Migrate(env.ctx)
		if err != nil {
			return fail(env, "migrate", err)
		}
		fmt.Fprintf(env.stdout, "Applied %d migration(s); the schema is at version %d.\n", n, db.LatestVersion(d.Dialect()))
		return 0
	}
	return c
}

func migrateStatus(env *environment, d *db.DB) int {
	states, err := d.Status(env.ctx)
	if err != nil {
		return fail(env, "migrate status", err)
	}
	tw := tabwriter.NewWriter(env.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tNAME\tAPPLIED")
	pending := 0
	for _, s := range states {
		applied := "pending"
		if !s.AppliedAt.IsZero() {
			applied = s.AppliedAt.Local().Format(time.DateTime)
		} else {
			pending++
		}
		fmt.Fprintf(tw, "%04d\t%s\t%s\n", s.Version, s.Name, applied)
	}
	tw.Flush()
	fmt.Fprintf(env.stdout, "%s database, %d pending.\n", d.Dialect(), pending)
	return 0
}

// openDatabase opens the configured database for an administrative
// command, creating the data folder for SQLite if needed.
func openDatabase(ctx context.Context, cfg config.Config) (*db.DB, error) {
	if cfg.Database == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return nil, fmt.Errorf("cannot use the data folder: %w", err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 8*time.Second)
	defer cancel()
	d, err := db.Open(ctx, cfg.Database, cfg.SQLitePath())
	if err != nil {
		return nil, fmt.Errorf("cannot open the database: %w", err)
	}
	return d, nil
}
