// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package diskblob is a blob.Store kept in a directory on local disk.
//
// A key maps to the same relative path under the directory: the blob
// "docs/42/snapshot" is the file DIR/docs/42/snapshot, so an operator can
// find, back up and restore blobs with ordinary tools. Every file access goes
// through an os.Root, which refuses any path that would leave the directory,
// symbolic links included.
//
// Writes are atomic and durable: Put writes a temporary file in DIR/.tmp,
// syncs it, renames it over the target and syncs the parent directory. The
// first segment ".tmp" is therefore reserved and keys starting with it are
// refused. A directory belongs to one Store at a time: New deletes whatever
// an earlier, crashed process left in DIR/.tmp. On Linux, Put starts the
// write-back of a large blob every 8 MiB as it writes (sync_file_range), so
// that the final fsync has little left to wait for.
//
// As on most S3 gateways that keep objects as files, a key cannot be both a
// blob and a directory of other blobs: with "a/b" stored, Put("a") fails
// with errs.Conflict, and the reverse too. Each segment must also fit in a
// file name (255 bytes on most file systems).
package diskblob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// tmpDir is the folder, relative to the root, where Put writes files before
// renaming them into place. It is on the same file system as the blobs, so
// the rename is atomic.
const tmpDir = ".tmp"

// Store is a blob.Store in a directory on local disk. It is safe for
// concurrent use.
type Store struct {
	dir  string // absolute path of the root, for messages and Path
	root *os.Root
}

var _ blob.Store = (*Store)(nil)

// New opens the blob store in dir, creating the directory (mode 0750) if it
// does not exist, and removes the temporary files an interrupted Put left
// behind. It fails, naming the directory, if dir cannot be created or
// written to.
func New(dir string) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("diskblob: directory %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("diskblob: cannot create directory %s: %w", abs, err)
	}
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, fmt.Errorf("diskblob: cannot open directory %s: %w", abs, err)
	}
	s := &Store{dir: abs, root: root}
	if err := s.cleanTmp(); err != nil {
		root.Close()
		return nil, err
	}
	if err := s.Ping(context.Background()); err != nil {
		root.Close()
		return nil, err
	}
	return s, nil
}

// Close releases the directory handle. The Store must not be used after.
func (s *Store) Close() error {
	return s.root.Close()
}

// Dir returns the absolute path of the store's directory.
func (s *Store) Dir() string {
	return s.dir
}

// Path returns the file that holds, or would hold, the blob at key. It
// fails with errs.Invalid for a key that ValidateKey refuses or that starts
// with the reserved segment ".tmp".
func (s *Store) Path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.dir, filepath.FromSlash(key)), nil
}

// Ping checks that the directory is still writable by creating and
// removing a small file in its temporary area.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("diskblob: ping: %w", err)
	}
	f, name, err := s.createTemp("ping-")
	if err != nil {
		return err
	}
	_, werr := f.Write([]byte("ok"))
	cerr := f.Close()
	rerr := s.root.Remove(name)
	if err := errors.Join(werr, cerr, rerr); err != nil {
		return fmt.Errorf("diskblob: directory %s is not writable: %w: %w", s.dir, err, errs.Unavailable)
	}
	return nil
}

// createTemp creates a new, empty file with a random name in the
// temporary area and returns it with its name relative to the root.
func (s *Store) createTemp(prefix string) (*os.File, string, error) {
	var b [12]byte
	rand.Read(b[:])
	name := tmpDir + "/" + prefix + hex.EncodeToString(b[:])
	f, err := s.root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o640)
	if errors.Is(err, fs.ErrNotExist) {
		// Someone removed the temporary area; make it again.
		if err = s.root.MkdirAll(tmpDir, 0o750); err == nil {
			f, err = s.root.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o640)
		}
	}
	if err != nil {
		return nil, "", fmt.Errorf("diskblob: directory %s is not writable: %w: %w", s.dir, err, errs.Unavailable)
	}
	return f, name, nil
}

// cleanTmp makes sure the temporary area exists and is empty.
func (s *Store) cleanTmp() error {
	if err := s.root.RemoveAll(tmpDir); err != nil {
		return fmt.Errorf("diskblob: cannot clean %s: %w", filepath.Join(s.dir, tmpDir), err)
	}
	if err := s.root.Mkdir(tmpDir, 0o750); err != nil {
		return fmt.Errorf("diskblob: directory %s is not writable: %w", s.dir, err)
	}
	return nil
}

// checkKey validates key for this store: blob.ValidateKey, and not in the
// temporary area.
func checkKey(key string) error {
	if err := blob.ValidateKey(key); err != nil {
		return fmt.Errorf("diskblob: %w", err)
	}
	if key == tmpDir || strings.HasPrefix(key, tmpDir+"/") {
		return fmt.Errorf("diskblob: key %q: first segment %q is reserved: %w", key, tmpDir, errs.Invalid)
	}
	return nil
}

// kind maps a file-system error met while reading key to the error kinds
// of package errs: a missing file or a missing parent directory is
// errs.NotFound; a name too long to exist is errs.Invalid.
func kind(op, key string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("diskblob: %s %q: %w", op, key, errs.NotFound)
	case errors.Is(err, syscall.ENAMETOOLONG):
		return fmt.Errorf("diskblob: %s %q: segment too long for a file name: %w", op, key, errs.Invalid)
	}
	return fmt.Errorf("diskblob: %s %q: %w", op, key, err)
}
