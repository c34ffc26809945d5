// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"bytes"
	"crypto/sha256"
	"io"
	"runtime"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
)

// memWatch samples the live heap while a stream passes through it, to
// check that a store streams rather than holding a blob in memory. Each
// sample runs a garbage collection first, so it sees live memory, not
// garbage waiting to be collected; samples are every 4 MiB, so the cost
// stays small. Timings are never measured.
type memWatch struct {
	r     io.Reader
	every int64
	next  int64
	read  int64
	base  uint64
	peak  uint64
}

func newMemWatch(r io.Reader) *memWatch {
	w := &memWatch{r: r, every: 4 << 20}
	w.base = liveHeap()
	w.next = w.every
	return w
}

func (w *memWatch) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	w.read += int64(n)
	if w.read >= w.next {
		w.next += w.every
		w.sample()
	}
	return n, err
}

func (w *memWatch) sample() {
	if h := liveHeap(); h > w.peak {
		w.peak = h
	}
}

// growth is the largest live heap seen beyond the one at the start.
func (w *memWatch) growth() int64 {
	w.sample()
	return int64(w.peak) - int64(w.base)
}

func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// testLarge streams a large generated blob in and out, compares it by
// SHA-256, reads a range that crosses S3 part boundaries, and checks that
// neither direction held anything near the blob in memory.
func testLarge(t *testing.T, s blob.Store, opts Options) {
	size := opts.LargeSize
	ctx := t.Context()
	sent := sha256.New()
	in := newMemWatch(io.TeeReader(io.LimitReader(newGen(12), size), sent))
	info, err := s.Put(ctx, "large/blob", onlyReader{in}, -1)
	if err != nil {
		t.Fatalf("Put of %d bytes: %v", size, err)
	}
	if info.Size != size || in.read != size {
		t.Fatalf("Put: info.Size = %d, store read %d bytes; want %d", info.Size, in.read, size)
	}
	putGrowth := in.growth()

	rc, info, err := s.Get(ctx, "large/blob", 0, -1)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	got := sha256.New()
	out := newMemWatch(rc)
	n, err := io.Copy(got, onlyReader{out})
	rc.Close()
	if err != nil || n != size || info.Size != size {
		t.Fatalf("Get: read %d bytes, info.Size %d, err %v; want %d", n, info.Size, err, size)
	}
	if !bytes.Equal(got.Sum(nil), sent.Sum(nil)) {
		t.Errorf("Get: SHA-256 differs from what was put")
	}
	getGrowth := out.growth()

	// A range across the 5 MiB and 16 MiB marks, where S3 parts end.
	for _, mark := range []int64{5 << 20, 16 << 20} {
		if mark+(1<<20) > size {
			continue
		}
		off, length := mark-(512<<10)+3, int64(1<<20)
		want := make([]byte, length)
		g := newGen(12)
		io.CopyN(io.Discard, g, off)
		io.ReadFull(g, want)
		b, _, err := read(ctx, s, "large/blob", off, length)
		if err != nil || !bytes.Equal(b, want) {
			t.Errorf("Get(%d, %d): %d bytes, err %v; content differs", off, length, len(b), err)
		}
	}

	if opts.SkipMemoryCheck != "" {
		t.Logf("memory not checked: %s (Put grew the heap by %d MiB, Get by %d MiB)", opts.SkipMemoryCheck, putGrowth>>20, getGrowth>>20)
		return
	}
	t.Logf("live heap growth while streaming %d MiB: Put %d KiB, Get %d KiB", size>>20, putGrowth>>10, getGrowth>>10)
	if limit := size / 2; putGrowth > limit || getGrowth > limit {
		t.Errorf("streaming %d MiB grew the live heap by %d MiB (Put) and %d MiB (Get); want under %d MiB",
			size>>20, putGrowth>>20, getGrowth>>20, limit>>20)
	}
}
