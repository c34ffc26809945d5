// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"errors"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestParseURL(t *testing.T) {
	aws := func(c Config) Config {
		if c.Endpoint == "" {
			c.Endpoint, c.TLS = DefaultEndpoint, true
		}
		return c
	}
	tests := []struct {
		raw  string
		want Config
	}{
		{"s3://bucket", aws(Config{Bucket: "bucket"})},
		{"s3://bucket/", aws(Config{Bucket: "bucket"})},
		{"s3://my.bucket-1/ensemble/prod", aws(Config{Bucket: "my.bucket-1", Prefix: "ensemble/prod/"})},
		{"s3://bucket/ensemble/prod/", aws(Config{Bucket: "bucket", Prefix: "ensemble/prod/"})},
		{"s3://bucket/with%20space/é", aws(Config{Bucket: "bucket", Prefix: "with space/é/"})},
		{"s3://bucket?region=eu-west-3", aws(Config{Bucket: "bucket", Region: "eu-west-3"})},
		{"s3://bucket?endpoint=s3.eu-west-3.amazonaws.com", Config{Bucket: "bucket", Endpoint: "s3.eu-west-3.amazonaws.com", TLS: true}},
		{"s3://bucket?path_style=true", aws(Config{Bucket: "bucket", PathStyle: true})},
		{"s3://bucket?endpoint=garage.example.org:3900&region=garage", Config{Bucket: "bucket", Endpoint: "garage.example.org:3900", Region: "garage", TLS: true, PathStyle: true}},
		{"s3://bucket?endpoint=garage.example.org&path_style=false&tls=false", Config{Bucket: "bucket", Endpoint: "garage.example.org", TLS: false, PathStyle: false}},
		{"s3://bucket/p?endpoint=127.0.0.1:7070", Config{Bucket: "bucket", Prefix: "p/", Endpoint: "127.0.0.1:7070", PathStyle: true}},
		{"s3://bucket?endpoint=localhost:7070", Config{Bucket: "bucket", Endpoint: "localhost:7070", PathStyle: true}},
		{"s3://bucket?endpoint=[::1]:7070", Config{Bucket: "bucket", Endpoint: "[::1]:7070", PathStyle: true}},
		{"s3://bucket?endpoint=[::1]", Config{Bucket: "bucket", Endpoint: "[::1]", PathStyle: true}},
		{"s3://bucket?endpoint=127.0.0.1:7070&tls=true", Config{Bucket: "bucket", Endpoint: "127.0.0.1:7070", TLS: true, PathStyle: true}},
		{"s3://bucket?endpoint=[2001:db8::1]:443", Config{Bucket: "bucket", Endpoint: "[2001:db8::1]:443", TLS: true, PathStyle: true}},
		{"S3://bucket", aws(Config{Bucket: "bucket"})}, // schemes are case-insensitive
	}
	for _, tt := range tests {
		got, err := ParseURL(tt.raw)
		if err != nil {
			t.Errorf("ParseURL(%q): %v", tt.raw, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseURL(%q)\n got %+v\nwant %+v", tt.raw, got, tt.want)
		}
		if err := got.Validate(); err != nil {
			t.Errorf("ParseURL(%q) gives a Config that Validate refuses: %v", tt.raw, err)
		}
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct {
		raw  string
		want string // in the error message
	}{
		{"", "empty URL"},
		{"   ", "empty URL"},
		{"bucket/prefix", "missing scheme s3://"},
		{"/bucket", "missing scheme s3://"},
		{"https://bucket/prefix", `scheme "https" is not s3`},
		{"file:///var/lib/ensemble", `scheme "file" is not s3`},
		{"s3:bucket", "missing // after s3:"},
		{"s3://", "missing bucket name"},
		{"s3:///prefix", "missing bucket name"},
		{"s3://key:secret@bucket", "credentials do not belong in the URL"},
		{"s3://key@bucket", "credentials do not belong in the URL"},
		{"s3://bucket:9000", "takes no port; give the server as endpoint=HOST:PORT"},
		{"s3://bucket:", "takes no port"},
		{"s3://bucket#frag", "unexpected #fragment"},
		{"s3://bucket/p#", "unexpected #fragment"},
		{"s3://Bucket", "outside [a-z0-9.-]"},
		{"s3://my_bucket", "outside [a-z0-9.-]"},
		{"s3://ab", "is 2 characters"},
		{"s3://" + strings.Repeat("b", 64), "is 64 characters"},
		{"s3://-bucket", "must start and end with a letter or digit"},
		{"s3://bucket.", "must start and end with a letter or digit"},
		{"s3://my..bucket", "a dot next to a dot or a dash"},
		{"s3://my.-bucket", "a dot next to a dot or a dash"},
		{"s3://192.168.1.10", "looks like an IP address"},
		{"s3://[::1]", "outside [a-z0-9.-]"},
		{"s3://bucket/a//b", "segments must be non-empty"},
		{"s3://bucket//a", "segments must be non-empty"},
		{"s3://bucket/a/../b", "segments must be non-empty"},
		{"s3://bucket/./a", "segments must be non-empty"},
		{"s3://bucket/a%00b", "without control characters"},
		{"s3://bucket/a%5Cb", "or backslashes"},
		{"s3://bucket/" + strings.Repeat("p", 600), "want at most 512"},
		{"s3://bucket/%zz", "not a URL"},
		{"s3://bucket?endpoint=a&endpoint=b", "parameter endpoint given 2 times"},
		{"s3://bucket?endpoint=", "parameter endpoint is empty"},
		{"s3://bucket?endpoint", "parameter endpoint is empty"},
		{"s3://bucket?Endpoint=x", `unknown parameter "Endpoint"; accepted: endpoint, region, tls, path_style`},
		{"s3://bucket?secret=x", `unknown parameter "secret"`},
		{"s3://bucket?pathstyle=true", `unknown parameter "pathstyle"`},
		{"s3://bucket?endpoint=http://localhost:9000", "has a scheme"},
		{"s3://bucket?endpoint=localhost:9000/path", "has a path"},
		{"s3://bucket?endpoint=user@host", "credentials"},
		{"s3://bucket?endpoint=host:port", `port "port" is not a number`},
		{"s3://bucket?endpoint=host:0", `port "0" is not a number from 1 to 65535`},
		{"s3://bucket?endpoint=host:70000", `port "70000"`},
		{"s3://bucket?endpoint=:9000", "has no host"},
		{"s3://bucket?endpoint=::1", "must be in brackets"},
		{"s3://bucket?endpoint=[::1", "missing ']'"},
		{"s3://bucket?tls=yes", `tls="yes": want true or false`},
		{"s3://bucket?tls=1", "want true or false"},
		{"s3://bucket?path_style=TRUE", "want true or false"},
		{"s3://bucket?region=eu west", "want letters, digits"},
		{"s3://bucket?region=%2F", "want letters, digits"},
		{"s3://bucket?a=%zz", "bad query"},
		{"s3://bucket?x;y", "bad query"},
	}
	for _, tt := range tests {
		_, err := ParseURL(tt.raw)
		if err == nil {
			t.Errorf("ParseURL(%q) succeeded, want an error with %q", tt.raw, tt.want)
			continue
		}
		msg := err.Error()
		if !errors.Is(err, errs.Invalid) || !strings.Contains(msg, tt.want) || !strings.Contains(msg, URLSyntax) {
			t.Errorf("ParseURL(%q) = %v\nwant errs.Invalid with %q and the syntax", tt.raw, err, tt.want)
		}
		if strings.Contains(msg, "secret") && !strings.Contains(tt.want, "secret") {
			t.Errorf("ParseURL(%q) repeats a secret: %v", tt.raw, err)
		}
	}
}

func TestWithEnv(t *testing.T) {
	env := map[string]string{"AWS_ACCESS_KEY_ID": "id", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "token"}
	c := Config{Bucket: "bucket", Endpoint: DefaultEndpoint}.WithEnv(func(k string) string { return env[k] })
	if c.AccessKeyID != "id" || c.SecretAccessKey != "secret" || c.SessionToken != "token" {
		t.Errorf("WithEnv = %+v", c)
	}
	// An empty environment keeps what was set.
	c = c.WithEnv(func(string) string { return "" })
	if c.AccessKeyID != "id" {
		t.Errorf("WithEnv with an empty environment cleared the key")
	}
}

func TestValidate(t *testing.T) {
	ok := Config{Bucket: "bucket", Endpoint: "localhost:9000", AccessKeyID: "a", SecretAccessKey: "b"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate(%+v): %v", ok, err)
	}
	bad := map[string]func(*Config){
		"no secret":        func(c *Config) { c.SecretAccessKey = "" },
		"no key":           func(c *Config) { c.AccessKeyID = "" },
		"token alone":      func(c *Config) { c.AccessKeyID, c.SecretAccessKey, c.SessionToken = "", "", "t" },
		"prefix without /": func(c *Config) { c.Prefix = "p" },
		"bad prefix":       func(c *Config) { c.Prefix = "a//b/" },
		"no endpoint":      func(c *Config) { c.Endpoint = "" },
		"bad bucket":       func(c *Config) { c.Bucket = "B" },
		"small parts":      func(c *Config) { c.PartSize = MinPartSize - 1 },
		"huge parts":       func(c *Config) { c.PartSize = MaxPartSize + 1 },
	}
	for name, change := range bad {
		c := ok
		change(&c)
		if err := c.Validate(); !errors.Is(err, errs.Invalid) {
			t.Errorf("Validate with %s = %v, want errs.Invalid", name, err)
		}
	}
	anon := Config{Bucket: "bucket", Endpoint: "localhost"}
	if err := anon.Validate(); err != nil {
		t.Errorf("Validate of anonymous access: %v", err)
	}
}
