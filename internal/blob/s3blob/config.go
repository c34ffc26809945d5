// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// DefaultEndpoint is the endpoint used when a URL names none: Amazon S3.
const DefaultEndpoint = "s3.amazonaws.com"

// Part sizes for multipart uploads. S3 refuses parts smaller than
// MinPartSize (except the last) and larger than MaxPartSize. A Put of
// unknown size holds one part in memory.
const (
	DefaultPartSize = 16 << 20
	MinPartSize     = 5 << 20
	MaxPartSize     = 5 << 30
)

// Config says where a Store keeps its blobs and how to reach it. ParseURL
// fills in everything but the credentials and the tuning fields; WithEnv
// adds the credentials.
type Config struct {
	// Bucket is the bucket holding the blobs. It must exist.
	Bucket string
	// Prefix is put before every key, so that several stores (or other
	// data) can share a bucket. Empty, or a path ending in "/".
	Prefix string
	// Endpoint is the server's host, or host:port.
	Endpoint string
	// Region is the bucket's region; empty asks the server (and falls back
	// to us-east-1).
	Region string
	// TLS selects https rather than http.
	TLS bool
	// PathStyle puts the bucket in the URL path (http://host/bucket/key)
	// rather than in the host name (http://bucket.host/key). Most
	// self-hosted servers need it.
	PathStyle bool

	// AccessKeyID, SecretAccessKey and SessionToken are the credentials;
	// all empty means anonymous requests.
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string

	// PartSize is the size of the parts of multipart uploads: zero means
	// DefaultPartSize, otherwise from MinPartSize to MaxPartSize.
	PartSize uint64
	// MaxRetries is how many times a failed request is tried; zero means
	// the client library's default (10).
	MaxRetries int
	// Transport, if set, carries the requests (tests, custom CAs).
	Transport http.RoundTripper
}

// URLSyntax is the form ParseURL accepts, for error messages and help.
const URLSyntax = "s3://BUCKET[/PREFIX][?endpoint=HOST[:PORT]][&region=REGION][&tls=true|false][&path_style=true|false]"

// ParseURL reads a blob store URL of the form
//
//	s3://BUCKET[/PREFIX][?endpoint=HOST[:PORT]&region=REGION&tls=BOOL&path_style=BOOL]
//
// BUCKET is an S3 bucket name (3 to 63 characters: lowercase letters,
// digits, '.' and '-'). PREFIX, if given, is a path of key segments that
// every key is stored under ("s3://b/ensemble/prod" stores "x" as
// "ensemble/prod/x"). The parameters, each at most once:
//
//   - endpoint: the server, HOST or HOST:PORT, no scheme, IPv6 in
//     brackets. Default DefaultEndpoint (Amazon S3).
//   - region: the bucket's region. Default: ask the server.
//   - tls: true for https, false for http. Default true, except for a
//     loopback endpoint (localhost, 127.0.0.0/8, [::1]), where test
//     gateways run without certificates and traffic stays on the machine.
//   - path_style: true to put the bucket in the path, false in the host
//     name. Default false on Amazon S3, true elsewhere, since self-hosted
//     gateways rarely have wildcard DNS.
//
// Credentials never go in the URL: see WithEnv. A bad URL is an error
// that wraps errs.Invalid and says what is wrong and what is accepted.
func ParseURL(raw string) (Config, error) {
	c, err := parseURL(raw)
	if err != nil {
		return Config{}, fmt.Errorf("s3blob: blob store URL: %s; want %s: %w", err, URLSyntax, errs.Invalid)
	}
	return c, nil
}

// WithEnv returns c with the credentials that getenv (os.Getenv, or a
// map in tests) gives for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN; a variable that is empty leaves its field as it was.
func (c Config) WithEnv(getenv func(string) string) Config {
	set := func(field *string, name string) {
		if v := getenv(name); v != "" {
			*field = v
		}
	}
	set(&c.AccessKeyID, "AWS_ACCESS_KEY_ID")
	set(&c.SecretAccessKey, "AWS_SECRET_ACCESS_KEY")
	set(&c.SessionToken, "AWS_SESSION_TOKEN")
	return c
}

// Validate checks c, whether it came from ParseURL or was built by hand.
func (c Config) Validate() error {
	err := func() error {
		if err := checkBucket(c.Bucket); err != nil {
			return err
		}
		if c.Prefix != "" {
			if !strings.HasSuffix(c.Prefix, "/") {
				return fmt.Errorf("prefix %q must end with /", c.Prefix)
			}
			if err := checkPrefix(c.Prefix); err != nil {
				return err
			}
		}
		if err := checkEndpoint(c.Endpoint); err != nil {
			return err
		}
		if c.PartSize != 0 && (c.PartSize < MinPartSize || c.PartSize > MaxPartSize) {
			return fmt.Errorf("part size %d is out of range: want 0 (default) or %d to %d bytes", c.PartSize, MinPartSize, uint64(MaxPartSize))
		}
		if (c.AccessKeyID == "") != (c.SecretAccessKey == "") || c.SessionToken != "" && c.AccessKeyID == "" {
			return fmt.Errorf("incomplete credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN if needed), or none for anonymous access")
		}
		return nil
	}()
	if err != nil {
		return fmt.Errorf("s3blob: config: %w: %w", err, errs.Invalid)
	}
	return nil
}

// checkBucket applies the S3 bucket naming rules.
func checkBucket(b string) error {
	const rule = "3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit"
	switch {
	case b == "":
		return fmt.Errorf("missing bucket name")
	case len(b) < 3 || len(b) > 63:
		return fmt.Errorf("bucket name %q is %d characters; want %s", b, len(b), rule)
	case strings.Trim(b, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "":
		return fmt.Errorf("bucket name %q has characters outside [a-z0-9.-]; want %s", b, rule)
	case !isAlnum(b[0]) || !isAlnum(b[len(b)-1]):
		return fmt.Errorf("bucket name %q must start and end with a letter or digit; want %s", b, rule)
	case strings.Contains(b, "..") || strings.Contains(b, ".-") || strings.Contains(b, "-."):
		return fmt.Errorf("bucket name %q has a dot next to a dot or a dash; want %s", b, rule)
	case net.ParseIP(b) != nil:
		return fmt.Errorf("bucket name %q looks like an IP address; want %s", b, rule)
	}
	return nil
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// checkPrefix checks a prefix ending in "/": its segments must be valid
// key segments, and it must leave room for the longest key within the
// 1024 bytes S3 allows.
func checkPrefix(p string) error {
	if len(p)+blob.MaxKeyLen > 1024 {
		return fmt.Errorf("prefix is %d bytes; want at most %d, so that keys fit in S3's 1024", len(p), 1024-blob.MaxKeyLen)
	}
	if err := blob.ValidateKey(strings.TrimSuffix(p, "/")); err != nil {
		return fmt.Errorf("prefix %q: segments must be non-empty, not . or .., valid UTF-8 without control characters or backslashes", p)
	}
	return nil
}

// checkEndpoint checks HOST or HOST:PORT.
func checkEndpoint(e string) error {
	const want = "want HOST or HOST:PORT, IPv6 in brackets, without scheme or path"
	switch {
	case e == "":
		return fmt.Errorf("empty endpoint; %s", want)
	case strings.Contains(e, "://"):
		return fmt.Errorf("endpoint %q has a scheme; %s (use tls=false for plain http)", e, want)
	case strings.ContainsAny(e, "/?#@ "):
		return fmt.Errorf("endpoint %q has a path, query, credentials or spaces; %s", e, want)
	}
	host := e
	if strings.HasPrefix(e, "[") || strings.Count(e, ":") == 1 {
		h, port, err := net.SplitHostPort(e)
		if err != nil && strings.HasPrefix(e, "[") && strings.HasSuffix(e, "]") {
			h, port, err = strings.Trim(e, "[]"), "", nil
		}
		if err != nil {
			return fmt.Errorf("endpoint %q: %v; %s", e, err, want)
		}
		if port != "" {
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
				return fmt.Errorf("endpoint %q: port %q is not a number from 1 to 65535", e, port)
			}
		}
		host = h
	} else if strings.Contains(e, ":") {
		return fmt.Errorf("endpoint %q: an IPv6 address must be in brackets; %s", e, want)
	}
	if host == "" {
		return fmt.Errorf("endpoint %q has no host; %s", e, want)
	}
	return nil
}

// endpointHost returns the host of an endpoint, without port or brackets.
func endpointHost(e string) string {
	if h, _, err := net.SplitHostPort(e); err == nil {
		return h
	}
	return strings.Trim(e, "[]")
}

// isLoopback reports whether the endpoint is on this machine.
func isLoopback(e string) bool {
	h := endpointHost(e)
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// isAmazon reports whether the endpoint is Amazon S3's.
func isAmazon(e string) bool {
	h := strings.ToLower(endpointHost(e))
	return h == "amazonaws.com" || strings.HasSuffix(h, ".amazonaws.com")
}
