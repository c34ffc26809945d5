// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// TestLargeUploadHash uploads bodies of several buffers of the hashing
// pipeline (and a last partial one), of known and unknown length: the
// recorded SHA-256 and the content read back are the body's.
func TestLargeUploadHash(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		body := make([]byte, 5<<20+12345)
		rng := rand.NewChaCha8([32]byte{6})
		rng.Read(body)
		sum := sha256.Sum256(body)
		for name, size := range map[string]int64{"known.bin": int64(len(body)), "unknown.bin": -1} {
			// A reader without WriteTo, returning short reads, as a
			// request body does.
			n, err := e.s.Put(ctx, e.alice, root.ID, name, &shortReader{r: bytes.NewReader(body)}, drive.PutOptions{Size: size})
			if err != nil {
				t.Fatalf("Put %s: %v", name, err)
			}
			if n.SHA256 != hex.EncodeToString(sum[:]) || n.Size != int64(len(body)) {
				t.Errorf("%s: sha256 %s, size %d; want %x, %d", name, n.SHA256, n.Size, sum, len(body))
			}
			if got := e.read(t, n.ID); got != string(body) {
				t.Errorf("%s: content read back differs (%d bytes)", name, len(got))
			}
		}
	})
}

// TestLargeUploadOverQuota sends a body of unknown length over the quota:
// refused, nothing kept.
func TestLargeUploadOverQuota(t *testing.T) {
	each(t, drive.Options{DefaultQuota: 3 << 20}, func(t *testing.T, e *env) {
		root := e.root(t, e.alice)
		body := bytes.Repeat([]byte("q"), 5<<20)
		_, err := e.s.Put(t.Context(), e.alice, root.ID, "big.bin", &shortReader{r: bytes.NewReader(body)}, drive.PutOptions{Size: -1})
		if !errors.Is(err, errs.TooLarge) {
			t.Fatalf("Put over quota: %v; want TooLarge", err)
		}
		if n := e.blobCount(t); n != 0 {
			t.Errorf("blobs = %d; want 0", n)
		}
	})
}

// shortReader returns at most 64 KiB per Read, and hides WriteTo.
type shortReader struct{ r *bytes.Reader }

func (s *shortReader) Read(p []byte) (int, error) {
	return s.r.Read(p[:min(len(p), 64<<10)])
}
