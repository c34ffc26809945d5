// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package s3blob

import (
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob/blobtest"
)

// BenchmarkPut measures uploads to the in-process gofakes3 server over TLS
// (its in-memory backend and the loopback HTTP stack included), with the
// default part size.
func BenchmarkPut(b *testing.B) {
	blobtest.BenchmarkPut(b, benchStore(b))
}

// BenchmarkGet measures downloads from the in-process gofakes3 server.
func BenchmarkGet(b *testing.B) {
	blobtest.BenchmarkGet(b, benchStore(b))
}

func benchStore(b *testing.B) *Store {
	cfg := newFakeS3(b).config("")
	cfg.PartSize = 0
	return mustNew(b, cfg)
}
