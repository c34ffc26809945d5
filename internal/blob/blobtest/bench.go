// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
)

// benchSizes are the blob sizes the benchmarks run at: a small document,
// an image, a large upload.
var benchSizes = []int{4 << 10, 1 << 20, 16 << 20}

func sizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprintf("%dKiB", n>>10)
}

// BenchmarkPut measures Put of blobs of known size at several sizes,
// overwriting one key, and reports throughput through b.SetBytes.
func BenchmarkPut(b *testing.B, s blob.Store) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			data := gen(20, n)
			r := bytes.NewReader(data)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(data)
				if _, err := s.Put(b.Context(), "bench/put", onlyReader{r}, int64(n)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGet measures reading whole blobs at several sizes, and reports
// throughput through b.SetBytes.
func BenchmarkGet(b *testing.B, s blob.Store) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			key := "bench/get-" + sizeName(n)
			data := gen(21, n)
			if _, err := s.Put(b.Context(), key, bytes.NewReader(data), int64(n)); err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, 256<<10)
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				rc, _, err := s.Get(b.Context(), key, 0, -1)
				if err != nil {
					b.Fatal(err)
				}
				m, err := io.CopyBuffer(io.Discard, onlyReader{rc}, buf)
				rc.Close()
				if err != nil || m != int64(n) {
					b.Fatalf("read %d bytes, %v", m, err)
				}
			}
		})
	}
}
