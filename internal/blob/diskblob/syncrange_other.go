// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

//go:build !linux

package diskblob

import "os"

// startWriteback does nothing where sync_file_range does not exist: the
// final fsync of Put writes everything.
func startWriteback(*os.File, int64, int64) {}
