// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package s3blob is a blob.Store in a bucket of any S3-compatible object
// storage (Amazon S3, Garage, Ceph RGW, versitygw, MinIO…), through the
// minio-go client.
//
// The store is configured by a URL (see ParseURL) and credentials from the
// environment (see Config.WithEnv). Keys are stored under the URL's prefix.
// Uploads stream: a blob of known size goes up in one request, or in parts
// of Config.PartSize when larger; a blob of unknown size larger than 1 MiB
// goes up in parts, so memory stays under one part per upload. S3 makes
// every upload atomic: a failed or cancelled Put leaves the previous blob.
//
// Errors wrap the kinds of package errs: a missing key is errs.NotFound, a
// bad key or range errs.Invalid, a key clashing with a directory on
// gateways that keep objects as files errs.Conflict, and a server that
// cannot be reached, refuses the credentials or lacks the bucket
// errs.Unavailable.
package s3blob

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Store is a blob.Store in an S3 bucket. It is safe for concurrent use.
type Store struct {
	client   *minio.Client
	core     minio.Core // the same client, for single-request GETs
	bucket   string
	prefix   string
	endpoint string
	partSize uint64
}

var _ blob.Store = (*Store)(nil)

// New returns a Store for cfg, after checking with the server that the
// bucket exists, so that a wrong configuration fails at start-up rather
// than at the first upload.
func New(ctx context.Context, cfg Config) (*Store, error) {
	s, err := newStore(cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Ping(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// newStore builds a Store without contacting the server.
func newStore(cfg Config) (*Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	client, err := newClient(cfg)
	if err != nil {
		return nil, err
	}
	s := &Store{
		client:   client,
		core:     minio.Core{Client: client},
		bucket:   cfg.Bucket,
		prefix:   cfg.Prefix,
		endpoint: cfg.Endpoint,
		partSize: cfg.PartSize,
	}
	if s.partSize == 0 {
		s.partSize = DefaultPartSize
	}
	return s, nil
}

// newClient returns a minio client for cfg.
func newClient(cfg Config) (*minio.Client, error) {
	opts := &minio.Options{
		Secure:       cfg.TLS,
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupDNS,
		MaxRetries:   cfg.MaxRetries,
		Transport:    cfg.Transport,
	}
	switch {
	case cfg.PathStyle:
		opts.BucketLookup = minio.BucketLookupPath
	case isAmazon(cfg.Endpoint):
		// Virtual-hosted, except for the bucket names (with dots, over
		// TLS) that Amazon's certificates do not cover.
		opts.BucketLookup = minio.BucketLookupAuto
	}
	// Empty keys make anonymous requests.
	opts.Creds = credentials.NewStaticV4(cfg.AccessKeyID, cfg.SecretAccessKey, cfg.SessionToken)
	client, err := minio.New(cfg.Endpoint, opts)
	if err != nil {
		return nil, fmt.Errorf("s3blob: endpoint %s: %w: %w", cfg.Endpoint, err, errs.Invalid)
	}
	return client, nil
}

// Ping checks that the server answers, accepts the credentials, and has
// the bucket.
func (s *Store) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return s.fail(ctx, "ping", "", err)
	}
	if !ok {
		return fmt.Errorf("s3blob: bucket %q does not exist at %s: %w", s.bucket, s.endpoint, errs.Unavailable)
	}
	return nil
}

// fail wraps err, from an operation op on key, in the kind of package errs
// it stands for.
func (s *Store) fail(ctx context.Context, op, key string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("s3blob: %s %q: %w", op, key, ctxErr)
	}
	var kind error
	var resp minio.ErrorResponse
	if !errors.As(err, &resp) {
		// Not an answer from the server: DNS, connection, TLS, timeout.
		return fmt.Errorf("s3blob: %s %q: %s: %w: %w", op, key, s.endpoint, err, errs.Unavailable)
	}
	switch {
	case resp.Code == "NoSuchKey" || resp.Code == "NotFound":
		kind = errs.NotFound
	case resp.Code == "InvalidRange" || resp.Code == "XMinioInvalidObjectName" || resp.Code == "KeyTooLongError":
		kind = errs.Invalid
	case resp.Code == "NoSuchBucket":
		return fmt.Errorf("s3blob: %s %q: bucket %q does not exist at %s: %w", op, key, s.bucket, s.endpoint, errs.Unavailable)
	case resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("s3blob: %s %q: %s refused the credentials (%s: %s): %w", op, key, s.endpoint, resp.Code, resp.Message, errs.Unavailable)
	case resp.StatusCode == http.StatusConflict:
		kind = errs.Conflict
	case resp.StatusCode == http.StatusNotFound:
		kind = errs.NotFound
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		kind = errs.Unavailable
	default:
		return fmt.Errorf("s3blob: %s %q: %s: %w", op, key, resp.Code, err)
	}
	return fmt.Errorf("s3blob: %s %q: %s: %w", op, key, resp.Code, kind)
}

// object returns the name in the bucket of the blob at key, after checking
// the key.
func (s *Store) object(key string) (string, error) {
	if err := blob.ValidateKey(key); err != nil {
		return "", fmt.Errorf("s3blob: %w", err)
	}
	return s.prefix + key, nil
}
