// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package config_test

import (
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/config"
)

func TestValidate(t *testing.T) {
	if err := (&config.Config{}).Validate(); err == nil {
		t.Error("the zero Config validated")
	}
	def := config.Default()
	if err := def.Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v", err)
	}
	tests := []struct {
		field string
		edit  func(*config.Config)
	}{
		{"listen", func(c *config.Config) { c.Listen = "8080" }},
		{"listen", func(c *config.Config) { c.Listen = "127.0.0.1:" }},
		{"data", func(c *config.Config) { c.DataDir = " " }},
		{"base-url", func(c *config.Config) { c.BaseURL = "ensemble.example.org" }},
		{"base-url", func(c *config.Config) { c.BaseURL = "https://x.org/?a=b" }},
		{"database", func(c *config.Config) { c.Database = "mysql://u:pw@h/db" }},
		{"blobs", func(c *config.Config) { c.Blobs = "/var/blobs" }},
		{"nats", func(c *config.Config) { c.NATS = "http://u:pw@h:4222" }},
		{"nats", func(c *config.Config) { c.NATS = "nats://u:pw@h:4222,h2:4222" }},
		{"nats", func(c *config.Config) { c.NATS = "nats://" }},
		{"log-format", func(c *config.Config) { c.LogFormat = "xml" }},
		{"shutdown-timeout", func(c *config.Config) { c.ShutdownTimeout = 0 }},
		{"max-body", func(c *config.Config) { c.MaxBodyBytes = 10 }},
		{"smtp", func(c *config.Config) { c.SMTP, c.MailFrom = "http://u:pw@mx.example.org", "noreply@example.org" }},
		{"smtp", func(c *config.Config) {
			c.SMTP, c.MailFrom = "smtp://u:pw@mx.example.org?starttls=perhaps", "noreply@example.org"
		}},
		{"mail-from", func(c *config.Config) { c.SMTP = "smtp://u:pw@mx.example.org" }},
		{"mail-from", func(c *config.Config) { c.SMTP, c.MailFrom = "smtps://u:pw@mx.example.org", "Ensemble <noreply@>" }},
	}
	for _, tt := range tests {
		c := config.Default()
		tt.edit(&c)
		err := c.Validate()
		var fe *config.FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field || fe.Accepted == "" {
			t.Errorf("%s: Validate = %v; want a FieldError for it", tt.field, err)
		}
		if strings.Contains(err.Error(), "pw@") {
			t.Errorf("%s: error shows a password: %v", tt.field, err)
		}
	}
}

func TestValidNATS(t *testing.T) {
	for _, v := range []string{"", "nats://127.0.0.1:4222", "tls://u:pw@nats.example.org:4222", "nats://a:4222, nats://b:4222"} {
		c := config.Default()
		c.NATS = v
		if err := c.Validate(); err != nil {
			t.Errorf("NATS %q: Validate = %v", v, err)
		}
	}
	c := config.Default()
	c.NATS = "nats://s3cr3t-token@h:4222,redis://h"
	if err := c.Validate(); err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("Validate = %v; want an error that does not show the token", err)
	}
}

func TestPublicURL(t *testing.T) {
	tests := []struct {
		base, addr, want string
	}{
		{"", "127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"", "0.0.0.0:9000", "http://localhost:9000"},
		{"", "[::]:9000", "http://localhost:9000"},
		{"", "[::1]:9000", "http://[::1]:9000"},
		{"https://ensemble.example.gouv.fr/", "127.0.0.1:8080", "https://ensemble.example.gouv.fr"},
	}
	for _, tt := range tests {
		c := config.Default()
		c.BaseURL = tt.base
		addr, _ := net.ResolveTCPAddr("tcp", tt.addr)
		if got := c.PublicURL(addr).String(); got != tt.want {
			t.Errorf("PublicURL(base %q, addr %s) = %s; want %s", tt.base, tt.addr, got, tt.want)
		}
	}
}
