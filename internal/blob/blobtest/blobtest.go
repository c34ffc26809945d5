// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package blobtest is the conformance suite for blob.Store: one set of
// tests that every implementation must pass, so that the disk and the S3
// stores behave alike (the idea of upspin's storagetest).
//
// An implementation's test calls Run with a function that returns a new,
// empty store for each subtest:
//
//	func TestConformance(t *testing.T) {
//		blobtest.Run(t, func(t *testing.T) blob.Store { return newStore(t) })
//	}
//
// Behaviour that the stores are allowed to differ on is tested leniently
// and named as such: a key that is both a blob and the parent of other
// blobs ("a" and "a/b") works on some S3 servers and fails with
// errs.Conflict on others and on disk, so portable callers avoid it.
package blobtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
)

// Options adjusts the suite to an implementation.
type Options struct {
	// LargeSize is the size of the blob streamed by the Large test. Zero
	// means 64 MiB. The memory check allows growth up to half of it, so it
	// must stay well above the store's own buffers.
	LargeSize int64
	// SkipMemoryCheck, when not empty, says why the suite cannot measure
	// the memory a store uses while streaming (an in-process server that
	// keeps blobs in memory, for instance); the check is then skipped with
	// that reason.
	SkipMemoryCheck string
}

// Run runs the conformance suite with default Options. newStore must
// return a new, empty store each time it is called; it may use t.Cleanup
// to remove it.
func Run(t *testing.T, newStore func(t *testing.T) blob.Store) {
	RunWith(t, newStore, Options{})
}

// RunWith runs the conformance suite with opts.
func RunWith(t *testing.T, newStore func(t *testing.T) blob.Store, opts Options) {
	if opts.LargeSize == 0 {
		opts.LargeSize = 64 << 20
	}
	tests := []struct {
		name string
		fn   func(t *testing.T, s blob.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"Overwrite", testOverwrite},
		{"Stat", testStat},
		{"Ranges", testRanges},
		{"RangesOfEmptyBlob", testRangesEmpty},
		{"Delete", testDelete},
		{"NotFound", testNotFound},
		{"DirectoryKey", testDirectoryKey},
		{"List", testList},
		{"ListStops", testListStops},
		{"InvalidKeys", testInvalidKeys},
		{"InvalidPrefixes", testInvalidPrefixes},
		{"HostileKeys", testHostileKeys},
		{"LongKey", testLongKey},
		{"FailingReader", testFailingReader},
		{"CancelMidPut", testCancelMidPut},
		{"SizeMismatch", testSizeMismatch},
		{"CancelledContext", testCancelledContext},
		{"ConcurrentPuts", testConcurrentPuts},
		{"Large", func(t *testing.T, s blob.Store) { testLarge(t, s, opts) }},
		{"Ping", testPing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newStore(t))
		})
	}
}

// gen returns n deterministic pseudo-random bytes for seed.
func gen(seed uint64, n int) []byte {
	b := make([]byte, n)
	newGen(seed).Read(b)
	return b
}

// newGen returns an endless deterministic pseudo-random stream for seed.
func newGen(seed uint64) io.Reader {
	var s [32]byte
	for i := range 8 {
		s[i] = byte(seed >> (8 * i))
	}
	return rand.NewChaCha8(s)
}

// sizeOf returns the size to pass to Put: len(b), or -1 when unknown.
func sizeOf(b []byte, known bool) int64 {
	if known {
		return int64(len(b))
	}
	return -1
}

// onlyReader hides every method of r but Read, so that stores cannot
// take shortcuts (ReaderAt, Seeker, WriterTo) that a network body lacks.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func mustPut(t *testing.T, s blob.Store, key string, b []byte, size int64) blob.Info {
	t.Helper()
	info, err := s.Put(t.Context(), key, onlyReader{bytes.NewReader(b)}, size)
	if err != nil {
		t.Fatalf("Put(%q, %d bytes, size %d): %v", key, len(b), size, err)
	}
	if info.Key != key || info.Size != int64(len(b)) {
		t.Errorf("Put(%q) info = %q, %d bytes; want %q, %d", key, info.Key, info.Size, key, len(b))
	}
	return info
}

// read returns the bytes of key from offset for length bytes.
func read(ctx context.Context, s blob.Store, key string, offset, length int64) ([]byte, blob.Info, error) {
	rc, info, err := s.Get(ctx, key, offset, length)
	if err != nil {
		return nil, info, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return b, info, err
}

func mustGet(t *testing.T, s blob.Store, key string) []byte {
	t.Helper()
	b, info, err := read(t.Context(), s, key, 0, -1)
	if err != nil {
		t.Fatalf("Get(%q): %v", key, err)
	}
	if info.Size != int64(len(b)) {
		t.Errorf("Get(%q) info.Size = %d, read %d bytes", key, info.Size, len(b))
	}
	return b
}

// wantKind fails t unless err wraps kind.
func wantKind(t *testing.T, err, kind error, format string, args ...any) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Errorf(format+": err = %v, want %v", append(args, err, kind)...)
	}
}

// keys lists the keys under prefix.
func keys(t *testing.T, s blob.Store, prefix string) []string {
	t.Helper()
	var got []string
	err := s.List(t.Context(), prefix, func(i blob.Info) error {
		got = append(got, i.Key)
		return nil
	})
	if err != nil {
		t.Fatalf("List(%q): %v", prefix, err)
	}
	return got
}
