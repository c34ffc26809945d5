// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
)

// TestServeForManualClients serves WebDAV for ENSEMBLE_DAV_SERVE (a
// duration) so that a person or a benchmark can point clients (cadaver,
// rclone, a file manager) at it. It prints the URL and credentials.
func TestServeForManualClients(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("ENSEMBLE_DAV_SERVE"))
	if err != nil {
		t.Skip("set ENSEMBLE_DAV_SERVE=10m to serve WebDAV for manual clients")
	}
	e := newEnv(t, dbtest.SQLite(t), nil, drive.Options{DefaultQuota: 100 << 30})
	fmt.Printf("url=%s/dav/ user=%s pass=%s pid=%d\n", e.srv.URL, e.email, e.token, os.Getpid())
	select {
	case <-t.Context().Done():
	case <-time.After(d):
	}
}
