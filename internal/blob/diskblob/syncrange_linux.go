// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

//go:build linux

package diskblob

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the kernel to start writing bytes [off, off+n) of f
// to disk now, without waiting for it (sync_file_range with
// SYNC_FILE_RANGE_WRITE). Put calls it as a large blob is written, so that
// its final fsync finds little left to write. It promises no durability:
// the fsync still does. Errors are ignored, as for a hint.
func startWriteback(f *os.File, off, n int64) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	_ = rc.Control(func(fd uintptr) {
		_ = unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
	})
}
