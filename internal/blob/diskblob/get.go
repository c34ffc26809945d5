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

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Get opens the blob at key and returns a reader of length bytes from
// offset (-1 for all the rest). A range reaching past the end is cut at the
// end; an offset past the end is errs.Invalid. The reader streams from the
// file it opened, so a concurrent Put of the same key does not change what
// it reads. Reads fail once ctx is done.
func (s *Store) Get(ctx context.Context, key string, offset, length int64) (io.ReadCloser, blob.Info, error) {
	if err := checkKey(key); err != nil {
		return nil, blob.Info{}, err
	}
	if offset < 0 || length < -1 {
		return nil, blob.Info{}, fmt.Errorf("diskblob: get %q: range %d+%d: %w", key, offset, length, errs.Invalid)
	}
	if err := ctx.Err(); err != nil {
		return nil, blob.Info{}, fmt.Errorf("diskblob: get %q: %w", key, err)
	}
	f, err := s.root.Open(key)
	if err != nil {
		return nil, blob.Info{}, kind("get", key, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, blob.Info{}, kind("get", key, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, blob.Info{}, fmt.Errorf("diskblob: get %q: %w", key, errs.NotFound)
	}
	size := fi.Size()
	if offset > size {
		f.Close()
		return nil, blob.Info{}, fmt.Errorf("diskblob: get %q: offset %d past the end (%d bytes): %w", key, offset, size, errs.Invalid)
	}
	n := size - offset
	if length >= 0 && length < n {
		n = length
	}
	rc := &fileReader{ctx: ctx, f: f, r: io.NewSectionReader(f, offset, n)}
	return rc, blob.Info{Key: key, Size: size, ModTime: fi.ModTime()}, nil
}

// fileReader reads a section of an open file and closes the file.
type fileReader struct {
	ctx context.Context // the Get's context, checked before each read
	f   *os.File
	r   *io.SectionReader
}

func (r *fileReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

func (r *fileReader) Close() error {
	return r.f.Close()
}

// Stat describes the blob at key.
func (s *Store) Stat(ctx context.Context, key string) (blob.Info, error) {
	if err := checkKey(key); err != nil {
		return blob.Info{}, err
	}
	if err := ctx.Err(); err != nil {
		return blob.Info{}, fmt.Errorf("diskblob: stat %q: %w", key, err)
	}
	fi, err := s.root.Stat(key)
	if err != nil {
		return blob.Info{}, kind("stat", key, err)
	}
	if !fi.Mode().IsRegular() {
		return blob.Info{}, fmt.Errorf("diskblob: stat %q: %w", key, errs.NotFound)
	}
	return blob.Info{Key: key, Size: fi.Size(), ModTime: fi.ModTime()}, nil
}

// Delete removes the blob at key, then the parent directories it leaves
// empty (never the store's directory itself). A missing key is not an
// error, nor is a key that names a directory of other blobs (it is not a
// blob, so there is nothing to delete).
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("diskblob: delete %q: %w", key, err)
	}
	fi, err := s.root.Lstat(key)
	if err != nil {
		err = kind("delete", key, err)
		if errors.Is(err, errs.NotFound) {
			return nil
		}
		return err
	}
	if fi.IsDir() {
		return nil
	}
	if err := s.root.Remove(key); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("diskblob: delete %q: %w", key, err)
	}
	s.removeEmptyParents(path.Dir(key))
	return nil
}

// removeEmptyParents removes dir and its ancestors while they are empty
// directories. Failures are not errors: a directory that is not empty, or
// that a concurrent Put has just filled, stays; so does anything that is
// not a directory.
func (s *Store) removeEmptyParents(dir string) {
	for dir != "." {
		if err := s.rmdir(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return
		}
		dir = path.Dir(dir)
	}
}
