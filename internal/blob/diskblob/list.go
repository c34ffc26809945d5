// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package diskblob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"syscall"

	"github.com/ensemble-suite/ensemble/internal/blob"
)

// List calls fn for every blob whose key starts with prefix, in lexical
// (byte) order of keys. It reads one directory at a time, so its memory
// grows with the largest directory, not with the number of blobs.
//
// A prefix need not end at a segment boundary: "a/b" matches "a/b/c" and
// "a/bc". Blobs created or deleted while List runs may or may not be seen.
func (s *Store) List(ctx context.Context, prefix string, fn func(blob.Info) error) error {
	if err := blob.ValidatePrefix(prefix); err != nil {
		return fmt.Errorf("diskblob: list: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("diskblob: list %q: %w", prefix, err)
	}
	// Split the prefix into the directory to start from and a partial
	// name that the entries of that directory must start with.
	dir, partial := ".", prefix
	if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
		dir, partial = prefix[:i], prefix[i+1:]
		if checkKey(dir) != nil {
			return nil // the temporary area holds no blobs
		}
	}
	return s.walk(ctx, dir, partial, fn)
}

// entry is a directory entry resolved to a blob or a directory.
type entry struct {
	name  string
	isDir bool
	info  fs.FileInfo
}

// sortKey orders entries by the keys below them: a directory "a" holds
// keys starting "a/", which sort after a blob "a-b" and before "a0".
func (e entry) sortKey() string {
	if e.isDir {
		return e.name + "/"
	}
	return e.name
}

// walk lists, depth first in key order, the blobs below dir ("." for the
// root) whose name in dir starts with partial.
func (s *Store) walk(ctx context.Context, dir, partial string, fn func(blob.Info) error) error {
	entries, err := s.readDir(dir, partial)
	if err != nil {
		return fmt.Errorf("diskblob: list %q: %w", dir, err)
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("diskblob: list: %w", err)
		}
		key := e.name
		if dir != "." {
			key = dir + "/" + e.name
		}
		if e.isDir {
			if len(key)+2 > blob.MaxKeyLen {
				continue // no valid key below; also ends symbolic link loops
			}
			if err := s.walk(ctx, key, "", fn); err != nil {
				return err
			}
			continue
		}
		if blob.ValidateKey(key) != nil {
			continue // a file not put there by a Store
		}
		if err := fn(blob.Info{Key: key, Size: e.info.Size(), ModTime: e.info.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// readDir returns the blobs and directories in dir whose names start with
// partial, sorted by sortKey. A directory that does not exist (any more)
// is empty. At the root it leaves out the temporary area.
func (s *Store) readDir(dir, partial string) ([]entry, error) {
	f, err := s.root.Open(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil, nil
		}
		return nil, err
	}
	des, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil, nil
		}
		return nil, err
	}
	entries := make([]entry, 0, len(des))
	for _, de := range des {
		name := de.Name()
		if !strings.HasPrefix(name, partial) || dir == "." && name == tmpDir {
			continue
		}
		rel := name
		if dir != "." {
			rel = dir + "/" + name
		}
		var info fs.FileInfo
		if de.Type()&fs.ModeSymlink != 0 {
			// Follow links that stay inside the root; skip the others.
			info, err = s.root.Stat(rel)
		} else {
			info, err = de.Info()
		}
		if err != nil {
			continue // removed since ReadDir, or a link leading outside
		}
		switch {
		case info.IsDir():
			entries = append(entries, entry{name: name, isDir: true})
		case info.Mode().IsRegular():
			entries = append(entries, entry{name: name, info: info})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	return entries, nil
}
