// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/blobenv"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
)

// TestLitmus runs the litmus WebDAV conformance suite (all five suites:
// basic, copymove, props, locks, http) against the real handler, with the
// bytes on disk and in S3, and fails on any failure. Warnings are logged.
func TestLitmus(t *testing.T) {
	bin, err := exec.LookPath("litmus")
	if err != nil {
		t.Skip("litmus is not installed (apt-get install -y litmus): the WebDAV conformance suite did not run")
	}
	blobenv.Each(t, func(t *testing.T, b blob.Store) { litmus(t, bin, newEnv(t, dbtest.SQLite(t), b, drive.Options{})) })
}

// litmus runs every suite of litmus against e and fails t on any failure.
func litmus(t *testing.T, bin string, e *env) {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-k", e.srv.URL+"/dav/", e.email, e.token)
	cmd.Dir = t.TempDir()
	out, _ := cmd.CombinedOutput()
	text := string(out)
	summary := regexp.MustCompile(`<- summary for .*`).FindAllString(text, -1)
	for _, s := range summary {
		t.Log(s)
	}
	if len(summary) != 5 {
		t.Fatalf("litmus ran %d suites, want 5:\n%s", len(summary), text)
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "WARNING") {
			t.Log(strings.TrimSpace(line))
		}
	}
	failed := regexp.MustCompile(`(\d+) failed`)
	for _, s := range summary {
		m := failed.FindStringSubmatch(s)
		if m == nil || m[1] != "0" {
			t.Errorf("litmus: %s", s)
		}
	}
	if t.Failed() {
		t.Logf("litmus output:\n%s", text)
	}
}
