// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package diskblob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"syscall"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// copyBufs holds the buffers Put copies through, so that a busy server does
// not allocate one per upload.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 256<<10); return &b }}

// writebackEvery is how many bytes Put writes before it asks the kernel to
// start writing them to disk (startWriteback): the final fsync of a large
// blob then waits for the last few megabytes only, not for all of them.
const writebackEvery = 8 << 20

// maxWrite bounds each write to the file. In a scratch test on the
// benchmark's VM, writing 1 GiB into the page cache took 0.2–2.4 s of
// system time in writes of 1 MiB (most of it copying into the page
// cache's folios, perhaps larger ones for larger writes), 0.23–0.27 s in
// writes of 256 KiB (4 runs each).
const maxWrite = 256 << 10

// Put writes r to a temporary file, syncs it, and renames it over key, so
// that readers see the old blob or the new one, never a mix. If r fails, ctx
// is cancelled, or size >= 0 and r does not hold exactly size bytes, Put
// removes the temporary file and the previous blob stays in place.
func (s *Store) Put(ctx context.Context, key string, r io.Reader, size int64) (blob.Info, error) {
	if err := checkKey(key); err != nil {
		return blob.Info{}, err
	}
	if size < -1 {
		return blob.Info{}, fmt.Errorf("diskblob: put %q: size %d: %w", key, size, errs.Invalid)
	}
	if err := ctx.Err(); err != nil {
		return blob.Info{}, fmt.Errorf("diskblob: put %q: %w", key, err)
	}
	f, tmp, err := s.createTemp("put-")
	if err != nil {
		return blob.Info{}, err
	}
	fi, err := s.fill(ctx, f, key, r, size)
	if err != nil {
		f.Close()
		s.root.Remove(tmp)
		return blob.Info{}, err
	}
	if err := f.Close(); err != nil {
		s.root.Remove(tmp)
		return blob.Info{}, fmt.Errorf("diskblob: put %q: %w", key, err)
	}
	if err := s.publish(tmp, key); err != nil {
		s.root.Remove(tmp)
		s.removeEmptyParents(path.Dir(key)) // those publish may have made
		return blob.Info{}, err
	}
	return blob.Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// fill copies r into f, checking ctx between writes and the length against
// size, then syncs f to stable storage. Every writebackEvery bytes it
// starts the write-back of what came since, so that the disk works while
// the rest arrives. A reader that is an io.WriterTo (the drive's hashing
// pipeline, bytes.Reader) writes its own buffers into f, without a copy
// through fill's.
func (s *Store) fill(ctx context.Context, f *os.File, key string, r io.Reader, size int64) (fs.FileInfo, error) {
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	w := &fileWriter{ctx: ctx, f: f, key: key, size: size}
	if _, err := io.CopyBuffer(w, r, *bp); err != nil {
		if w.err != nil {
			return nil, w.err
		}
		return nil, fmt.Errorf("diskblob: put %q: read: %w", key, err)
	}
	if size >= 0 && w.n != size {
		return nil, fmt.Errorf("diskblob: put %q: reader held %d bytes, %d announced: %w", key, w.n, size, errs.Invalid)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("diskblob: put %q: sync: %w", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("diskblob: put %q: %w", key, err)
	}
	return fi, nil
}

// fileWriter writes a blob's bytes into its temporary file for fill: it
// checks ctx before each write, refuses more than size bytes (if size >=
// 0), and starts write-back every writebackEvery bytes. Its first error
// is kept in err, to tell it from the reader's.
type fileWriter struct {
	ctx        context.Context
	f          *os.File
	key        string
	size       int64
	n, flushed int64
	err        error
}

func (w *fileWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	if err := w.ctx.Err(); err != nil {
		w.err = fmt.Errorf("diskblob: put %q: %w", w.key, err)
		return 0, w.err
	}
	if w.size >= 0 && w.n+int64(len(p)) > w.size {
		w.err = fmt.Errorf("diskblob: put %q: reader holds more than the %d bytes announced: %w", w.key, w.size, errs.Invalid)
		return 0, w.err
	}
	var m int
	for len(p) > m {
		k, err := w.f.Write(p[m:min(len(p), m+maxWrite)])
		m += k
		w.n += int64(k)
		if err != nil {
			w.err = fmt.Errorf("diskblob: put %q: %w", w.key, err)
			return m, w.err
		}
	}
	if w.n-w.flushed >= writebackEvery {
		startWriteback(w.f, w.flushed, w.n-w.flushed)
		w.flushed = w.n
	}
	return m, nil
}

// publish renames the temporary file tmp to key, creating the parent
// directories, and syncs the directories it changed.
func (s *Store) publish(tmp, key string) error {
	dir := path.Dir(key)
	// A concurrent Delete may remove a parent directory that has just
	// become empty, between MkdirAll and Rename; try again then.
	for attempt := 0; ; attempt++ {
		created := false
		if dir != "." {
			if _, err := s.root.Stat(dir); err != nil {
				created = true
				if err := s.root.MkdirAll(dir, 0o750); err != nil {
					return conflict("put", key, err)
				}
			}
		}
		err := s.root.Rename(tmp, key)
		if err == nil {
			return s.syncDirs(key, dir, created)
		}
		if errors.Is(err, syscall.EISDIR) || errors.Is(err, syscall.EEXIST) || errors.Is(err, syscall.ENOTEMPTY) {
			// key is a directory. If it is empty (left by a Put that
			// crashed), remove it and try again; otherwise it holds
			// other blobs.
			if rerr := s.rmdir(key); rerr != nil || attempt > 2 {
				return fmt.Errorf("diskblob: put %q: key is a directory of other blobs: %w", key, errs.Conflict)
			}
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) || attempt > 2 {
			return conflict("put", key, err)
		}
	}
}

// syncDirs syncs the parent directory of key, and when Put created
// directories, every directory up to the root, so that the new entries
// survive a crash.
func (s *Store) syncDirs(key, dir string, created bool) error {
	for {
		if err := s.syncDir(dir); err != nil {
			return fmt.Errorf("diskblob: put %q: sync directory: %w", key, err)
		}
		if !created || dir == "." {
			return nil
		}
		dir = path.Dir(dir)
	}
}

func (s *Store) syncDir(dir string) error {
	d, err := s.root.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// conflict reports a failure to create a parent directory or to rename
// into place: a parent that is itself a blob is errs.Conflict.
func conflict(op, key string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, syscall.EEXIST):
		return fmt.Errorf("diskblob: %s %q: a parent of the key is a blob: %w", op, key, errs.Conflict)
	case errors.Is(err, syscall.ENAMETOOLONG):
		return fmt.Errorf("diskblob: %s %q: segment too long for a file name: %w", op, key, errs.Invalid)
	}
	return fmt.Errorf("diskblob: %s %q: %w", op, key, err)
}
