// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// rangeCase is a Get of length bytes from offset; with invalid set it must
// fail with errs.Invalid, otherwise return data[from:to].
type rangeCase struct {
	offset, length int64
	from, to       int64
	invalid        bool
}

func testRanges(t *testing.T, s blob.Store) {
	const size = 10_000
	data := gen(5, size)
	mustPut(t, s, "range/blob", data, size)
	cases := []rangeCase{
		{offset: 0, length: -1, from: 0, to: size},         // whole
		{offset: 0, length: size, from: 0, to: size},       // whole, explicit
		{offset: 0, length: 1, from: 0, to: 1},             // first byte
		{offset: 0, length: 100, from: 0, to: 100},         // start
		{offset: 4000, length: 1234, from: 4000, to: 5234}, // middle
		{offset: 9000, length: -1, from: 9000, to: size},   // to the end
		{offset: size - 1, length: -1, from: size - 1, to: size},
		{offset: size - 1, length: 1, from: size - 1, to: size},
		{offset: 9500, length: 1000, from: 9500, to: size}, // cut at the end
		{offset: 0, length: size * 2, from: 0, to: size},   // cut at the end
		{offset: 5000, length: 0, from: 5000, to: 5000},    // length 0
		{offset: 0, length: 0, from: 0, to: 0},             // length 0 at start
		{offset: size, length: -1, from: size, to: size},   // offset == size
		{offset: size, length: 0, from: size, to: size},    // offset == size, length 0
		{offset: size, length: 10, from: size, to: size},   // offset == size, length > 0
		{offset: size + 1, length: -1, invalid: true},      // offset past the end
		{offset: size + 1, length: 0, invalid: true},       // offset past the end, length 0
		{offset: size * 3, length: 5, invalid: true},       // far past the end
		{offset: -1, length: -1, invalid: true},            // negative offset
		{offset: 0, length: -2, invalid: true},             // negative length
	}
	checkRanges(t, s, "range/blob", data, cases)
}

func testRangesEmpty(t *testing.T, s blob.Store) {
	mustPut(t, s, "range/empty", nil, 0)
	checkRanges(t, s, "range/empty", nil, []rangeCase{
		{offset: 0, length: -1},
		{offset: 0, length: 0},
		{offset: 0, length: 5},
		{offset: 1, length: -1, invalid: true},
		{offset: 1, length: 0, invalid: true},
	})
}

func checkRanges(t *testing.T, s blob.Store, key string, data []byte, cases []rangeCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d+%d", c.offset, c.length), func(t *testing.T) {
			got, info, err := read(t.Context(), s, key, c.offset, c.length)
			if c.invalid {
				wantKind(t, err, errs.Invalid, "Get(%d, %d)", c.offset, c.length)
				return
			}
			if err != nil {
				t.Fatalf("Get(%d, %d): %v", c.offset, c.length, err)
			}
			if want := data[c.from:c.to]; !bytes.Equal(got, want) {
				t.Errorf("Get(%d, %d) = %d bytes, want %d bytes [%d:%d]", c.offset, c.length, len(got), len(want), c.from, c.to)
			}
			if info.Size != int64(len(data)) || info.Key != key {
				t.Errorf("Get(%d, %d) info = %q, %d bytes; want %q, %d", c.offset, c.length, info.Key, info.Size, key, len(data))
			}
		})
	}
}
