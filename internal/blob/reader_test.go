// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blob_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
)

func TestReaderChecksWholeReads(t *testing.T) {
	s, err := diskblob.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789"), 1000)
	if _, err := s.Put(t.Context(), "k", bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	good := hex.EncodeToString(sum[:])
	bad := hex.EncodeToString(make([]byte, 32))

	if got, err := io.ReadAll(blob.NewReader(t.Context(), s, "k", int64(len(data)), good, nil)); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("whole read with the right sum: %d bytes, %v", len(got), err)
	}
	got, err := io.ReadAll(blob.NewReader(t.Context(), s, "k", int64(len(data)), bad, nil))
	if !errors.Is(err, blob.ErrChecksum) || len(got) >= len(data) {
		t.Fatalf("whole read with a wrong sum: %d bytes, %v; want fewer and ErrChecksum", len(got), err)
	}
	// A read from the middle cannot be checked, and is not refused.
	r := blob.NewReader(t.Context(), s, "k", int64(len(data)), bad, nil)
	if _, err := r.Seek(5000, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, data[5000:]) {
		t.Fatalf("read from the middle: %d bytes, %v", len(got), err)
	}
	if _, err := r.Seek(-1, io.SeekStart); err == nil {
		t.Error("negative offset accepted")
	}
	// A reader told it is partial does not hash, even from 0.
	r = blob.NewReader(t.Context(), s, "k", int64(len(data)), bad, nil)
	r.Partial(true)
	if got, err := io.ReadAll(r); err != nil || len(got) != len(data) {
		t.Fatalf("partial read: %d bytes, %v", len(got), err)
	}
}
