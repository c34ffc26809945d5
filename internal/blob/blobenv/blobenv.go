// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package blobenv gives tests of the domains that keep bytes (Drive,
// document media) real blob stores: a disk folder and an in-process
// S3-compatible server (gofakes3 over TLS, through our s3blob client), so
// that the same test runs on both back ends. It is for tests only.
package blobenv

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/blob/s3blob"
)

// Each runs fn as two subtests, "disk" and "s3", each with a fresh store.
func Each(t *testing.T, fn func(t *testing.T, b blob.Store)) {
	t.Helper()
	t.Run("disk", func(t *testing.T) { fn(t, Disk(t)) })
	t.Run("s3", func(t *testing.T) { fn(t, FakeS3(t)) })
}

// Disk returns a store in a temporary folder removed after the test.
func Disk(t testing.TB) blob.Store {
	t.Helper()
	b, err := diskblob.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// FakeS3 returns a store on an in-process S3 server (one bucket, "test"),
// stopped after the test.
func FakeS3(t testing.TB) blob.Store {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("test"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(gofakes3.New(backend, gofakes3.WithoutVersioning()).Server())
	t.Cleanup(srv.Close)
	s, err := s3blob.New(t.Context(), s3blob.Config{
		Bucket: "test", Prefix: "ens/", Endpoint: strings.TrimPrefix(srv.URL, "https://"), Region: "us-east-1",
		TLS: true, Transport: srv.Client().Transport, PathStyle: true,
		AccessKeyID: "k", SecretAccessKey: "s", PartSize: s3blob.MinPartSize, MaxRetries: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}
