// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package config holds the typed configuration of an Ensemble server, its
// defaults and its validation. It knows nothing about flags or environment
// variables: package cli fills a Config from those, and package server
// consumes it.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/ensemble-suite/ensemble/internal/mail"
)

// Config is everything a server needs to start.
type Config struct {
	// Listen is the TCP address to listen on, host:port.
	Listen string
	// DataDir is the folder for the embedded database, blobs and other state.
	DataDir string
	// BaseURL is the public URL of the server, used in links and as the OIDC
	// issuer. Empty means derived from Listen.
	BaseURL string
	// Database is a postgres:// URL, or empty for the SQLite file in DataDir.
	Database string
	// Blobs is an s3:// URL, or empty for the blobs folder in DataDir.
	Blobs string
	// NATS is the nats:// or tls:// URL (a comma-separated list for a
	// cluster) of the NATS that the nodes of one installation share for
	// fan-out; empty for the in-process bus of a single node.
	NATS string
	// S3AccessKeyID, S3SecretAccessKey and S3SessionToken are the
	// credentials for an s3:// Blobs URL, from the standard AWS_ACCESS_KEY_ID,
	// AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN variables.
	S3AccessKeyID, S3SecretAccessKey, S3SessionToken string
	// DocsTrashDays is how many days Docs keeps a page in the trash
	// before purging it.
	DocsTrashDays int
	// LogFormat is "text" or "json".
	LogFormat string
	// LogLevel is the minimum level logged.
	LogLevel slog.Level
	// ShutdownTimeout bounds how long in-flight requests may drain on stop.
	ShutdownTimeout time.Duration
	// MaxBodyBytes bounds every request body unless a handler sets its own.
	MaxBodyBytes int64
	// MetricsToken, when set, must be presented as a Bearer token to read /metrics.
	MetricsToken string
	// DriveQuota is every user's Drive quota in bytes unless an
	// administrator sets another.
	DriveQuota int64
	// DriveTrashRetention is how long Drive keeps trashed items.
	DriveTrashRetention time.Duration
	// Clamd is the address of a clamd (host:port, or a unix socket's path)
	// that scans Drive uploads for malware; empty turns scanning off.
	Clamd string
	// SMTP is the smtp:// or smtps:// URL of the relay that outgoing mail
	// (notifications, invitations, reset links) goes through; empty sends
	// no mail at all.
	SMTP string
	// MailFrom is the sender of outgoing mail, such as
	// "Ensemble <noreply@example.org>"; required with SMTP.
	MailFrom string
}

// Default returns the configuration used when nothing is set: everything
// embedded, in ./ensemble-data, on 127.0.0.1:8080.
func Default() Config {
	return Config{
		Listen:          "127.0.0.1:8080",
		DataDir:         "ensemble-data",
		LogFormat:       "text",
		LogLevel:        slog.LevelInfo,
		ShutdownTimeout: 15 * time.Second,
		DocsTrashDays:   30,
		MaxBodyBytes:    32 << 20,

		DriveQuota:          10 << 30,
		DriveTrashRetention: 30 * 24 * time.Hour,
	}
}

// FieldError reports an invalid setting, naming it as the user wrote it.
type FieldError struct {
	// Field is the name of the setting, as the flag is spelled ("listen").
	Field string
	// Value is the rejected value.
	Value string
	// Accepted says what would have been accepted.
	Accepted string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("invalid value %q for --%s: %s", e.Value, e.Field, e.Accepted)
}

// Validate checks every setting and returns a *FieldError for the first
// invalid one. It does no I/O: unreachable databases and the like are found
// when the server starts.
func (c *Config) Validate() error {
	if _, port, err := net.SplitHostPort(c.Listen); err != nil || port == "" {
		return &FieldError{"listen", c.Listen, "expected host:port, such as 127.0.0.1:8080 or :8080"}
	}
	if strings.TrimSpace(c.DataDir) == "" {
		return &FieldError{"data", c.DataDir, "expected a folder path"}
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return &FieldError{"base-url", c.BaseURL, "expected an absolute http:// or https:// URL with no query, such as https://ensemble.example.gouv.fr"}
		}
	}
	if c.Database != "" && !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") {
		return &FieldError{"database", redact(c.Database), "expected empty (SQLite in the data folder) or a postgres:// URL"}
	}
	if c.Blobs != "" && !strings.HasPrefix(c.Blobs, "s3://") {
		return &FieldError{"blobs", c.Blobs, "expected empty (a folder in the data folder) or an s3://bucket/prefix?endpoint=…&region=… URL"}
	}
	if err := validNATS(c.NATS); err != nil {
		return err
	}
	if c.DocsTrashDays < 0 || c.DocsTrashDays > 36500 {
		return &FieldError{"docs-trash-days", fmt.Sprint(c.DocsTrashDays), "expected a number of days from 1 to 36500 (0: the default, 30)"}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return &FieldError{"log-format", c.LogFormat, "expected text or json"}
	}
	if c.ShutdownTimeout <= 0 {
		return &FieldError{"shutdown-timeout", c.ShutdownTimeout.String(), "expected a positive duration, such as 15s"}
	}
	if c.DriveQuota < 0 {
		return &FieldError{"drive-quota", fmt.Sprint(c.DriveQuota), "expected a size of 0 or more"}
	}
	if c.DriveTrashRetention != 0 && c.DriveTrashRetention < time.Hour {
		return &FieldError{"drive-trash-retention", c.DriveTrashRetention.String(), "expected at least 1h"}
	}
	if err := c.validMail(); err != nil {
		return err
	}
	if c.MaxBodyBytes < 1024 {
		return &FieldError{"max-body", fmt.Sprint(c.MaxBodyBytes), "expected at least 1024 bytes"}
	}
	return nil
}

// validMail checks --smtp and --mail-from: both or neither.
func (c *Config) validMail() error {
	if c.SMTP == "" {
		return nil
	}
	if _, err := mail.ParseRelay(c.SMTP); err != nil {
		return &FieldError{"smtp", redact(c.SMTP), err.Error()}
	}
	if c.MailFrom == "" {
		return &FieldError{"mail-from", "", `required with --smtp: the sender, such as "Ensemble <noreply@example.org>"`}
	}
	if _, err := mail.ParseFrom(c.MailFrom); err != nil {
		return &FieldError{"mail-from", c.MailFrom, err.Error()}
	}
	return nil
}

// SQLitePath is the path of the embedded database file.
func (c *Config) SQLitePath() string { return filepath.Join(c.DataDir, "ensemble.db") }

// BlobDir is the folder of the embedded blob store.
func (c *Config) BlobDir() string { return filepath.Join(c.DataDir, "blobs") }

// PublicURL returns the base URL: BaseURL if set, otherwise derived from the
// address the server really listens on (which may differ from Listen when
// its port is 0).
func (c *Config) PublicURL(listening net.Addr) *url.URL {
	if c.BaseURL != "" {
		u, _ := url.Parse(strings.TrimSuffix(c.BaseURL, "/"))
		return u
	}
	host, port, _ := net.SplitHostPort(listening.String())
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return &url.URL{Scheme: "http", Host: net.JoinHostPort(host, port)}
}

// validNATS checks a --nats value: empty, or nats:// and tls:// URLs with
// a host, separated by commas.
func validNATS(raw string) error {
	if raw == "" {
		return nil
	}
	for part := range strings.SplitSeq(raw, ",") {
		u, err := url.Parse(strings.TrimSpace(part))
		if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
			return &FieldError{"nats", redactUserinfo(raw), "expected empty (one node) or nats://host:4222 or tls://host:4222 URLs, separated by commas"}
		}
	}
	return nil
}

// redactUserinfo hides the user information of each comma-separated URL
// (a password, or a NATS token given as the user name).
func redactUserinfo(raw string) string {
	parts := strings.Split(raw, ",")
	for i, p := range parts {
		if u, err := url.Parse(strings.TrimSpace(p)); err != nil {
			parts[i] = "(unparsable URL)"
		} else if u.User != nil {
			u.User = url.User("xxxxx")
			parts[i] = u.String()
		}
	}
	return strings.Join(parts, ",")
}

// redact hides the password of a URL so that it can be shown in errors.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
