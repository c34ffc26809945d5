// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

var errReader = errors.New("blobtest: reader broke")

// brokenReader yields n bytes of r, then calls hook (if any) and either
// fails with errReader or, when keepGoing is set, goes on reading.
type brokenReader struct {
	r         io.Reader
	n         int64
	hook      func()
	keepGoing bool
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.n <= 0 {
		if b.hook != nil {
			b.hook()
			b.hook = nil
		}
		if !b.keepGoing {
			return 0, errReader
		}
		return b.r.Read(p)
	}
	if int64(len(p)) > b.n {
		p = p[:b.n]
	}
	n, err := b.r.Read(p)
	b.n -= int64(n)
	return n, err
}

// breakCases are the points where an upload breaks: within the first
// buffer, and after more than one S3 part of the minimum size (5 MiB).
var breakCases = []struct{ after, total int64 }{
	{1 << 10, 4 << 10},
	{6 << 20, 8 << 20},
}

// checkUntouched checks that the blob "existing" still holds old and
// that "new" was not created.
func checkUntouched(t *testing.T, s blob.Store, old []byte, what string) {
	t.Helper()
	if got := mustGet(t, s, "broken/existing"); !bytes.Equal(got, old) {
		t.Errorf("%s: previous blob now %d bytes, want its %d", what, len(got), len(old))
	}
	_, err := s.Stat(t.Context(), "broken/new")
	wantKind(t, err, errs.NotFound, "%s: Stat of the new key", what)
	if got := keys(t, s, ""); !slices.Equal(got, []string{"broken/existing"}) {
		t.Errorf("%s: List = %q, want only broken/existing", what, got)
	}
}

func testFailingReader(t *testing.T, s blob.Store) {
	old := gen(6, 1000)
	mustPut(t, s, "broken/existing", old, -1)
	for _, c := range breakCases {
		for _, known := range []bool{true, false} {
			size := int64(-1)
			if known {
				size = c.total
			}
			for _, key := range []string{"broken/existing", "broken/new"} {
				what := fmt.Sprintf("Put(%s, size %d) failing after %d bytes", key, size, c.after)
				r := &brokenReader{r: newGen(7), n: c.after}
				_, err := s.Put(t.Context(), key, r, size)
				wantKind(t, err, errReader, "%s", what)
				checkUntouched(t, s, old, what)
			}
		}
	}
}

func testCancelMidPut(t *testing.T, s blob.Store) {
	old := gen(8, 1000)
	mustPut(t, s, "broken/existing", old, -1)
	for _, c := range breakCases {
		for _, known := range []bool{true, false} {
			size := int64(-1)
			if known {
				size = c.total
			}
			for _, key := range []string{"broken/existing", "broken/new"} {
				what := fmt.Sprintf("Put(%s, size %d) cancelled after %d bytes", key, size, c.after)
				ctx, cancel := context.WithCancel(t.Context())
				r := &brokenReader{r: io.LimitReader(newGen(9), c.total), n: c.after, hook: cancel, keepGoing: true}
				_, err := s.Put(ctx, key, r, size)
				cancel()
				wantKind(t, err, context.Canceled, "%s", what)
				checkUntouched(t, s, old, what)
			}
		}
	}
}

func testSizeMismatch(t *testing.T, s blob.Store) {
	old := gen(10, 1000)
	mustPut(t, s, "broken/existing", old, -1)
	cases := []struct{ announced, actual int64 }{
		{10, 5},
		{5, 10},
		{0, 1},
		{1, 0},
		{1 << 20, 1<<20 - 1},
		{1<<20 - 1, 1 << 20},
	}
	for _, c := range cases {
		for _, key := range []string{"broken/existing", "broken/new"} {
			what := fmt.Sprintf("Put(%s) of %d bytes announced as %d", key, c.actual, c.announced)
			r := onlyReader{io.LimitReader(newGen(11), c.actual)}
			_, err := s.Put(t.Context(), key, r, c.announced)
			wantKind(t, err, errs.Invalid, "%s", what)
			checkUntouched(t, s, old, what)
		}
	}
}

// testConcurrentPuts races writers of whole, distinct values on one key
// against a reader: every read sees one whole value, and so does the end.
func testConcurrentPuts(t *testing.T, s blob.Store) {
	const writers, size = 8, 256 << 10
	value := func(i int) []byte { return bytes.Repeat([]byte{byte('A' + i)}, size) }
	whole := func(b []byte) bool {
		return len(b) == size && b[0] >= 'A' && b[0] < 'A'+writers && bytes.Count(b, b[:1]) == size
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	for i := range writers {
		wg.Go(func() {
			if _, err := s.Put(t.Context(), "race", onlyReader{bytes.NewReader(value(i))}, -1); err != nil {
				t.Errorf("writer %d: %v", i, err)
			}
		})
	}
	reader := make(chan struct{})
	go func() {
		defer close(reader)
		for n := 0; n < 1000; n++ {
			got, _, err := read(t.Context(), s, "race", 0, -1)
			switch {
			case errors.Is(err, errs.NotFound):
			case err != nil:
				t.Errorf("concurrent Get: %v", err)
				return
			case !whole(got):
				t.Errorf("concurrent Get saw a partial or mixed value (%d bytes)", len(got))
				return
			}
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	wg.Wait()
	close(done)
	<-reader
	if got := mustGet(t, s, "race"); !whole(got) {
		t.Errorf("after the race, the value is partial or mixed (%d bytes)", len(got))
	}
}
