// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

//go:build !unix

package diskblob

import "syscall"

// rmdir removes dir, relative to the root, if it is an empty directory.
// Without unlinkat, a blob renamed there between the check and the removal
// could be removed instead: a race that only the unix version closes.
func (s *Store) rmdir(dir string) error {
	fi, err := s.root.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return syscall.ENOTDIR
	}
	return s.root.Remove(dir)
}
