// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package diskblob_test

import (
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob/blobtest"
)

// BenchmarkPut measures atomic, synced writes (the fsyncs dominate small
// blobs); MB/s comes from b.SetBytes.
func BenchmarkPut(b *testing.B) {
	blobtest.BenchmarkPut(b, newStore(b, b.TempDir()))
}

// BenchmarkGet measures streaming reads of whole blobs.
func BenchmarkGet(b *testing.B) {
	blobtest.BenchmarkGet(b, newStore(b, b.TempDir()))
}
