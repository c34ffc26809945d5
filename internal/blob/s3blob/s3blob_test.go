// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"bytes"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/blobtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// fakeS3 is an in-process S3 server holding one bucket, "test".
type fakeS3 struct {
	backend *s3mem.Backend
	server  *httptest.Server
}

func newFakeS3(t testing.TB) *fakeS3 {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket("test"); err != nil {
		t.Fatal(err)
	}
	// Over TLS, as in production: the client then sends plain bodies.
	// (Over http it signs each chunk of a body, which gofakes3 decodes for
	// single PUTs but not for the parts of multipart uploads; the gateway
	// test covers that path.)
	server := httptest.NewTLSServer(gofakes3.New(backend, gofakes3.WithoutVersioning()).Server())
	t.Cleanup(server.Close)
	return &fakeS3{backend: backend, server: server}
}

// config returns a Config for the fake server's bucket under prefix.
func (f *fakeS3) config(prefix string) Config {
	return Config{
		Bucket:          "test",
		Prefix:          prefix,
		Endpoint:        strings.TrimPrefix(f.server.URL, "https://"),
		Region:          "us-east-1",
		TLS:             true,
		Transport:       f.server.Client().Transport,
		PathStyle:       true,
		AccessKeyID:     "test-key",
		SecretAccessKey: "test-secret",
		PartSize:        MinPartSize, // many parts, to test multipart uploads
		MaxRetries:      1,
	}
}

// put stores an object directly in the fake server, bypassing the Store.
func (f *fakeS3) put(t testing.TB, name, data string) {
	t.Helper()
	_, err := f.backend.PutObject("test", name, nil, strings.NewReader(data), int64(len(data)), nil)
	if err != nil {
		t.Fatal(err)
	}
}

func mustNew(t testing.TB, cfg Config) *Store {
	t.Helper()
	s, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestConformance(t *testing.T) {
	opts := blobtest.Options{SkipMemoryCheck: "the in-process S3 server keeps blobs in this process's memory"}
	t.Run("NoPrefix", func(t *testing.T) {
		blobtest.RunWith(t, func(t *testing.T) blob.Store {
			return mustNew(t, newFakeS3(t).config(""))
		}, opts)
	})
	t.Run("Prefix", func(t *testing.T) {
		blobtest.RunWith(t, func(t *testing.T) blob.Store {
			f := newFakeS3(t)
			// Neighbours of the prefix, which the store must not see.
			for _, name := range []string{"tenant", "tenant-b/x", "tenanta", "other/tenant/x", "tenant/"} {
				f.put(t, name, "neighbour")
			}
			return mustNew(t, f.config("tenant/"))
		}, opts)
	})
}

func TestPrefixIsolation(t *testing.T) {
	f := newFakeS3(t)
	s := mustNew(t, f.config("a/b/"))
	if _, err := s.Put(t.Context(), "k", strings.NewReader("v"), 1); err != nil {
		t.Fatal(err)
	}
	obj, err := f.backend.HeadObject("test", "a/b/k")
	if err != nil || obj.Size != 1 {
		t.Fatalf("object a/b/k: %v", err)
	}
	f.put(t, "a/b/bad//name", "x") // not a valid key: skipped
	f.put(t, "a/bk", "x")          // outside the prefix
	var got []string
	s.List(t.Context(), "", func(i blob.Info) error { got = append(got, i.Key); return nil })
	if len(got) != 1 || got[0] != "k" {
		t.Errorf("List = %q, want [k]", got)
	}
}

func TestUnavailable(t *testing.T) {
	f := newFakeS3(t)
	cfg := f.config("")
	s := mustNew(t, cfg)
	f.server.Close() // the server goes away
	ctx := t.Context()
	_, err := s.Put(ctx, "k", strings.NewReader("v"), 1)
	wantKind(t, err, errs.Unavailable, "Put")
	_, _, err = s.Get(ctx, "k", 0, -1)
	wantKind(t, err, errs.Unavailable, "Get")
	_, err = s.Stat(ctx, "k")
	wantKind(t, err, errs.Unavailable, "Stat")
	err = s.Delete(ctx, "k")
	wantKind(t, err, errs.Unavailable, "Delete")
	err = s.List(ctx, "", func(blob.Info) error { return nil })
	wantKind(t, err, errs.Unavailable, "List")
	err = s.Ping(ctx)
	wantKind(t, err, errs.Unavailable, "Ping")
	if _, err := New(ctx, cfg); !errors.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), cfg.Endpoint) {
		t.Errorf("New with the server down = %v, want errs.Unavailable naming %s", err, cfg.Endpoint)
	}
}

func TestMissingBucket(t *testing.T) {
	cfg := newFakeS3(t).config("")
	cfg.Bucket = "no-such-bucket"
	_, err := New(t.Context(), cfg)
	if !errors.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), `"no-such-bucket" does not exist`) {
		t.Errorf("New = %v, want errs.Unavailable saying the bucket does not exist", err)
	}
	s, err := newStore(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Put(t.Context(), "k", strings.NewReader("v"), 1)
	wantKind(t, err, errs.Unavailable, "Put into a missing bucket")
}

func TestNewRejectsBadConfig(t *testing.T) {
	cfg := newFakeS3(t).config("")
	cfg.SecretAccessKey = ""
	if _, err := New(t.Context(), cfg); !errors.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("New without a secret = %v, want errs.Invalid naming AWS_SECRET_ACCESS_KEY", err)
	}
}

// TestSmallUnknownSize checks that a Put of unknown size that fits in the
// read-ahead is stored whole, at the edges of the read-ahead.
func TestSmallUnknownSize(t *testing.T) {
	s := mustNew(t, newFakeS3(t).config(""))
	for _, n := range []int{smallPut - 1, smallPut, smallPut + 1} {
		data := bytes.Repeat([]byte{byte(n)}, n)
		info, err := s.Put(t.Context(), "k", struct{ *bytes.Reader }{bytes.NewReader(data)}, -1)
		if err != nil || info.Size != int64(n) {
			t.Fatalf("Put of %d bytes: %d, %v", n, info.Size, err)
		}
		st, err := s.Stat(t.Context(), "k")
		if err != nil || st.Size != int64(n) {
			t.Errorf("Stat after Put of %d bytes: %d, %v", n, st.Size, err)
		}
	}
}

func wantKind(t *testing.T, err, kind error, what string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf("%s: err = %v, want %v", what, err, kind)
	}
}
