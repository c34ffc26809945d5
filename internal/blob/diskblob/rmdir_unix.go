// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

//go:build unix

package diskblob

import (
	"path"

	"golang.org/x/sys/unix"
)

// rmdir removes dir, relative to the root, if it is an empty directory,
// and never anything else: not a blob that a concurrent Put has just
// renamed there, not a symbolic link. (os.Root.Remove removes either a
// file or a directory, whichever it finds.)
func (s *Store) rmdir(dir string) error {
	parent, base := path.Split(dir)
	if parent == "" {
		parent = "."
	}
	d, err := s.root.Open(parent)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Unlinkat(int(d.Fd()), base, unix.AT_REMOVEDIR)
}
