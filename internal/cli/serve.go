// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli

import (
	"errors"
	"flag"
	"fmt"

	"github.com/ensemble-suite/ensemble/internal/config"
	"github.com/ensemble-suite/ensemble/internal/server"
	"github.com/ensemble-suite/ensemble/internal/version"
)

// storageFlags adds the flags that say where the data is, which every
// command that touches the database shares.
func storageFlags(fs *flag.FlagSet, cfg *config.Config) {
	fs.StringVar(&cfg.DataDir, "data", cfg.DataDir, "folder for the embedded database, blobs and other state; created if missing")
	fs.StringVar(&cfg.Database, "database", cfg.Database, "a postgres:// URL to use PostgreSQL; empty for SQLite in the data folder")
	fs.Var(oneOf{&cfg.LogFormat, []string{"text", "json"}}, "log-format", "log format: text or json")
	fs.TextVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "minimum level logged: debug, info, warn or error")
}

func serveCommand() *command {
	cfg := config.Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	storageFlags(fs, &cfg)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address to listen on, host:port")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public URL of the server, used in links and as OIDC issuer (default: derived from --listen)")
	fs.StringVar(&cfg.Blobs, "blobs", cfg.Blobs, "an s3://bucket/prefix?endpoint=host:port&region=r URL for S3-compatible storage, with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; empty for a folder in the data folder")
	fs.StringVar(&cfg.NATS, "nats", cfg.NATS, "a nats:// or tls:// URL (comma-separated for a cluster) of the NATS shared by every node of a multi-node installation; empty for one node")
	fs.IntVar(&cfg.DocsTrashDays, "docs-trash-days", cfg.DocsTrashDays, "how many days Docs keeps a page in the trash before purging it")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "how long in-flight requests may finish when stopping")
	maxBody := byteSize(cfg.MaxBodyBytes)
	fs.Var(&maxBody, "max-body", "largest request body accepted, unless a route sets its own (uploads)")
	fs.StringVar(&cfg.MetricsToken, "metrics-token", cfg.MetricsToken, "Bearer token required to read /metrics; empty leaves /metrics open")
	driveQuota := byteSize(cfg.DriveQuota)
	fs.Var(&driveQuota, "drive-quota", "default Drive quota of each user (an administrator can set another per user)")
	fs.StringVar(&cfg.Clamd, "clamd", cfg.Clamd, "address of a clamd that scans Drive uploads for malware: host:port, or the path of its unix socket; empty: no scanning")
	fs.StringVar(&cfg.SMTP, "smtp", cfg.SMTP, "smtp://user:password@host:port (STARTTLS required; ?starttls=optional or ?starttls=off for a local relay) or smtps://… (implicit TLS) of the relay for outgoing mail (notifications, invitations, reset links); empty: no mail")
	fs.StringVar(&cfg.MailFrom, "mail-from", cfg.MailFrom, `sender of outgoing mail, such as "Ensemble <noreply@example.org>"; required with --smtp`)
	fs.DurationVar(&cfg.DriveTrashRetention, "drive-trash-retention", cfg.DriveTrashRetention, "how long Drive keeps trashed items before purging them")
	c := &command{
		name:    "serve",
		summary: "Start the suite: web app, API and every module, on one port.",
		flags:   fs,
		secrets: map[string]bool{"database": true, "metrics-token": true, "nats": true, "smtp": true},
	}
	c.run = func(env *environment, args []string) int {
		if len(args) > 0 {
			fmt.Fprintf(env.stderr, "ensemble serve: unexpected argument %q\n", args[0])
			return 2
		}
		cfg.MaxBodyBytes = int64(maxBody)
		cfg.DriveQuota = int64(driveQuota)
		cfg.S3AccessKeyID = env.getenv("AWS_ACCESS_KEY_ID")
		cfg.S3SecretAccessKey = env.getenv("AWS_SECRET_ACCESS_KEY")
		cfg.S3SessionToken = env.getenv("AWS_SESSION_TOKEN")
		return serve(env, cfg)
	}
	return c
}

func serve(env *environment, cfg config.Config) int {
	if err := cfg.Validate(); err != nil {
		fmt.Fprintf(env.stderr, "ensemble serve: %v\n", err)
		return 2
	}
	log := newLogger(env.stderr, cfg.LogFormat, cfg.LogLevel)
	srv, err := server.New(env.ctx, cfg, log)
	if err != nil {
		var fe *config.FieldError
		if errors.As(err, &fe) {
			fmt.Fprintf(env.stderr, "ensemble serve: %v\n", err)
			return 2
		}
		return fail(env, "serve", err)
	}
	defer srv.Close()
	log.Info("started", "version", version.Version, "url", srv.URL().String(), "database", string(srv.DB().Dialect()), "bus", srv.BusKind())
	fmt.Fprintf(env.stdout, "Ensemble is running at %s/\n", srv.URL())
	if has, err := srv.Identity().HasUsers(env.ctx); err == nil && !has {
		fmt.Fprintf(env.stdout, "No accounts yet. Create the first administrator with:\n  ensemble user add --data %s --email you@example.org --name \"Your Name\" --admin --password-stdin\n", cfg.DataDir)
	}
	if err := srv.Serve(env.ctx); err != nil {
		return fail(env, "serve", err)
	}
	log.Info("stopped")
	return 0
}

func versionCommand() *command {
	c := &command{name: "version", summary: "Print the version of this binary.", flags: flag.NewFlagSet("version", flag.ContinueOnError)}
	c.run = func(env *environment, args []string) int {
		fmt.Fprintln(env.stdout, version.String())
		return 0
	}
	return c
}
