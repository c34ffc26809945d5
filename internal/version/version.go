// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package version reports which build of Ensemble is running.
package version

import (
	"fmt"
	"runtime"
)

// Version is the release of this build, set at link time with
// -ldflags "-X github.com/ensemble-suite/ensemble/internal/version.Version=v1.2.3".
// It is the one package-level variable the program has, written only by the linker.
var Version = "dev"

// String describes the build in one line: release, Go version and platform.
func String() string {
	return fmt.Sprintf("ensemble %s (%s, %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
