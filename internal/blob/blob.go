// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package blob defines the blob store: where Ensemble keeps the bytes of
// files, images and snapshots, addressed by a key. Metadata (names, owners,
// permissions) lives in the database; a blob store only holds bytes.
//
// Two implementations exist: package diskblob (a folder on local disk, the
// default) and package s3blob (any S3-compatible object storage). Package
// blobtest holds the conformance suite that both pass.
//
// Every method streams: a blob of any size never sits in memory whole.
package blob

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Info describes a stored blob.
type Info struct {
	// Key is the blob's key, as given to Put.
	Key string
	// Size is its length in bytes.
	Size int64
	// ModTime is when it was last written.
	ModTime time.Time
}

// Store is a blob store. Implementations are safe for concurrent use.
//
// A Put is atomic: until it returns without error, readers see either the
// previous blob under that key or none, never a partial one. Errors wrap the
// kinds of package errs: errs.NotFound for a missing key, errs.Invalid for a
// malformed key or range.
type Store interface {
	// Put stores the content of r under key, replacing any blob already
	// there. size is the length of r, or -1 if unknown.
	Put(ctx context.Context, key string, r io.Reader, size int64) (Info, error)
	// Get opens the blob at key for reading length bytes from offset
	// (length -1 reads to the end). An offset past the end is errs.Invalid.
	// The caller closes the reader.
	Get(ctx context.Context, key string, offset, length int64) (io.ReadCloser, Info, error)
	// Stat describes the blob at key.
	Stat(ctx context.Context, key string) (Info, error)
	// Delete removes the blob at key. Deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// List calls fn for every blob whose key starts with prefix, in
	// lexical order of keys, and stops at the first error fn returns.
	List(ctx context.Context, prefix string, fn func(Info) error) error
	// Ping checks that the store is reachable and usable.
	Ping(ctx context.Context) error
}

// MaxKeyLen is the longest key accepted, in bytes.
const MaxKeyLen = 512

// ValidateKey checks that key is usable by every implementation: non-empty,
// valid UTF-8, at most MaxKeyLen bytes, made of slash-separated segments
// that are neither empty, "." nor "..", with no control characters and no
// backslash.
func ValidateKey(key string) error {
	if key == "" || len(key) > MaxKeyLen || !utf8.ValidString(key) {
		return fmt.Errorf("blob: key %q: %w", key, errs.Invalid)
	}
	for _, r := range key {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return fmt.Errorf("blob: key %q: control character or backslash: %w", key, errs.Invalid)
		}
	}
	for seg := range strings.SplitSeq(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("blob: key %q: empty, . or .. segment: %w", key, errs.Invalid)
		}
	}
	return nil
}

// ValidatePrefix checks a List prefix: empty, or a string that could begin
// a valid key. Its last segment may be partial, so "a/." and "a/.." are
// valid (they begin "a/.hidden" and "a/..b"), and so is every valid key.
func ValidatePrefix(prefix string) error {
	if prefix == "" {
		return nil
	}
	if len(prefix) > MaxKeyLen {
		return fmt.Errorf("blob: prefix %q: longer than %d bytes: %w", prefix, MaxKeyLen, errs.Invalid)
	}
	// Every complete segment must be valid, and the partial last one must
	// begin a valid segment: only "." and ".." need it completed.
	i := strings.LastIndexByte(prefix, '/')
	last := prefix[i+1:]
	if last == "." || last == ".." {
		last += "x"
	} else if last == "" {
		last = "x"
	}
	if err := ValidateKey(prefix[:i+1] + last); err != nil {
		return fmt.Errorf("blob: prefix %q: not the beginning of a valid key: %w", prefix, errs.Invalid)
	}
	return nil
}
