// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func testRoundTrip(t *testing.T, s blob.Store) {
	blobs := []struct {
		name string
		data []byte
	}{
		{"empty", []byte{}},
		{"small", []byte("hello, world\n")},
		{"binary", gen(1, 4099)},
		{"several MiB", gen(2, 3<<20+17)},
	}
	for _, b := range blobs {
		for _, known := range []bool{true, false} {
			key := "round/" + strings.ReplaceAll(b.name, " ", "-")
			if !known {
				key += "-unknown-size"
			}
			mustPut(t, s, key, b.data, sizeOf(b.data, known))
			if got := mustGet(t, s, key); !bytes.Equal(got, b.data) {
				t.Errorf("Get(%q) = %d bytes, want the %d put", key, len(got), len(b.data))
			}
		}
	}
}

func testOverwrite(t *testing.T, s blob.Store) {
	long, short := gen(3, 100_000), []byte("short")
	mustPut(t, s, "over", long, int64(len(long)))
	mustPut(t, s, "over", short, -1)
	if got := mustGet(t, s, "over"); !bytes.Equal(got, short) {
		t.Errorf("after overwrite, Get = %q, want %q", got, short)
	}
	info, err := s.Stat(t.Context(), "over")
	if err != nil || info.Size != int64(len(short)) {
		t.Errorf("Stat after overwrite = %d bytes, %v; want %d", info.Size, err, len(short))
	}
	mustPut(t, s, "over", long, -1)
	if got := mustGet(t, s, "over"); !bytes.Equal(got, long) {
		t.Errorf("after second overwrite, Get = %d bytes, want %d", len(got), len(long))
	}
}

func testStat(t *testing.T, s blob.Store) {
	data := gen(4, 1234)
	put := mustPut(t, s, "stat/me", data, -1)
	info, err := s.Stat(t.Context(), "stat/me")
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if info.Key != "stat/me" || info.Size != 1234 {
		t.Errorf("Stat = %q, %d bytes; want %q, 1234", info.Key, info.Size, "stat/me")
	}
	// Clocks of a remote store may differ from ours: only check that the
	// time is set and plausible, and that Put and Stat agree.
	if d := time.Since(info.ModTime).Abs(); info.ModTime.IsZero() || d > 24*time.Hour {
		t.Errorf("Stat ModTime = %v, not near now", info.ModTime)
	}
	// A remote Put may report its own clock: allow the skew that S3
	// signatures tolerate.
	if d := put.ModTime.Sub(info.ModTime).Abs(); put.ModTime.IsZero() || d > 15*time.Minute {
		t.Errorf("Put ModTime %v, Stat ModTime %v", put.ModTime, info.ModTime)
	}
	_, got, err := read(t.Context(), s, "stat/me", 10, 5)
	if err != nil || got.Size != 1234 || got.Key != "stat/me" {
		t.Errorf("Get(10, 5) info = %q, %d bytes, %v; want the whole blob's", got.Key, got.Size, err)
	}
}

func testDelete(t *testing.T, s blob.Store) {
	ctx := t.Context()
	mustPut(t, s, "del/a/x", []byte("x"), 1)
	mustPut(t, s, "del/a/y", []byte("y"), 1)
	for range 2 { // deleting twice is not an error
		if err := s.Delete(ctx, "del/a/x"); err != nil {
			t.Fatalf("Delete: %v", err)
		}
	}
	_, err := s.Stat(ctx, "del/a/x")
	wantKind(t, err, errs.NotFound, "Stat after Delete")
	if got := mustGet(t, s, "del/a/y"); string(got) != "y" {
		t.Errorf("sibling after Delete = %q, want %q", got, "y")
	}
	if err := s.Delete(ctx, "del/a/y"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := s.Delete(ctx, "never/was/here"); err != nil {
		t.Errorf("Delete of a missing key: %v", err)
	}
	if got := keys(t, s, ""); len(got) != 0 {
		t.Errorf("List after deleting everything = %q", got)
	}
	// The store is still usable where the blobs were.
	mustPut(t, s, "del/a/z", []byte("z"), 1)
	if got := keys(t, s, "del/"); len(got) != 1 || got[0] != "del/a/z" {
		t.Errorf("List = %q, want [del/a/z]", got)
	}
}

func testNotFound(t *testing.T, s blob.Store) {
	ctx := t.Context()
	mustPut(t, s, "nf/here", []byte("x"), 1)
	for _, key := range []string{"missing", "nf/missing", "nf/here/below", "nf", "nf/her"} {
		_, _, err := s.Get(ctx, key, 0, -1)
		wantKind(t, err, errs.NotFound, "Get(%q)", key)
		_, _, err = s.Get(ctx, key, 0, 0)
		wantKind(t, err, errs.NotFound, "Get(%q, 0, 0)", key)
		_, err = s.Stat(ctx, key)
		wantKind(t, err, errs.NotFound, "Stat(%q)", key)
	}
}

// testDirectoryKey checks keys that are also parents of other keys. The
// stores may refuse to hold "a" and "a/b" together (errs.Conflict), but must
// never lose or damage a blob over it.
func testDirectoryKey(t *testing.T, s blob.Store) {
	ctx := t.Context()
	mustPut(t, s, "dir/x", []byte("x"), 1)
	if err := s.Delete(ctx, "dir"); err != nil {
		t.Errorf("Delete of a key that is only a parent: %v", err)
	}
	if _, err := s.Put(ctx, "dir", strings.NewReader("d"), 1); err != nil && !errors.Is(err, errs.Conflict) {
		t.Errorf("Put over a parent: %v, want success or errs.Conflict", err)
	} else if err != nil {
		t.Logf("this store refuses a key that is a parent: %v", err)
	} else {
		if got := mustGet(t, s, "dir"); string(got) != "d" {
			t.Errorf("Get(dir) = %q", got)
		}
	}
	if got := mustGet(t, s, "dir/x"); string(got) != "x" {
		t.Errorf("Get(dir/x) = %q, want %q", got, "x")
	}

	mustPut(t, s, "file", []byte("f"), 1)
	if _, err := s.Put(ctx, "file/y", strings.NewReader("y"), 1); err != nil && !errors.Is(err, errs.Conflict) {
		t.Errorf("Put under a blob: %v, want success or errs.Conflict", err)
	} else if err != nil {
		t.Logf("this store refuses a key below a blob: %v", err)
	}
	if got := mustGet(t, s, "file"); string(got) != "f" {
		t.Errorf("Get(file) = %q, want %q", got, "f")
	}
}

func testCancelledContext(t *testing.T, s blob.Store) {
	mustPut(t, s, "ctx", []byte("x"), 1)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := s.Put(ctx, "ctx", strings.NewReader("new"), 3)
	wantKind(t, err, context.Canceled, "Put")
	_, _, err = s.Get(ctx, "ctx", 0, -1)
	wantKind(t, err, context.Canceled, "Get")
	_, err = s.Stat(ctx, "ctx")
	wantKind(t, err, context.Canceled, "Stat")
	err = s.List(ctx, "", func(blob.Info) error { return nil })
	wantKind(t, err, context.Canceled, "List")
	err = s.Delete(ctx, "ctx")
	wantKind(t, err, context.Canceled, "Delete")
	if got := mustGet(t, s, "ctx"); string(got) != "x" {
		t.Errorf("after cancelled calls, Get = %q, want %q", got, "x")
	}
}

func testPing(t *testing.T, s blob.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Errorf("Ping: %v", err)
	}
}
