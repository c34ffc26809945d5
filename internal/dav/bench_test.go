// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/drive"
)

// TestFigures measures, when ENSEMBLE_DAV_BENCH=1, what docs/drive.md
// records: 100 concurrent clients each uploading 100 small files (files
// per second), then PROPFIND Depth 1 on the resulting folder of 10,000
// files, and the same PROPFIND against `rclone serve webdav` over a local
// folder of 10,000 files. It logs figures and asserts nothing about them.
func TestFigures(t *testing.T) {
	if os.Getenv("ENSEMBLE_DAV_BENCH") == "" {
		t.Skip("set ENSEMBLE_DAV_BENCH=1 to measure the figures of docs/drive.md")
	}
	e := newEnv(t, dbtest.SQLite(t), nil, drive.Options{})
	e.me(t, "MKCOL", "/dav/flat", "")
	const clients, each = 100, 100
	body := strings.Repeat("x", 1024)
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex
	failures := 0
	for c := range clients {
		wg.Go(func() {
			for i := range each {
				req, _ := http.NewRequest("PUT", fmt.Sprintf("%s/dav/flat/c%03d-%03d.txt", e.srv.URL, c, i), strings.NewReader(body))
				req.SetBasicAuth(e.email, e.token)
				resp, err := http.DefaultClient.Do(req)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != 201 {
					mu.Lock()
					failures++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	d := time.Since(start)
	t.Logf("%d clients x %d PUTs of 1 KiB: %v, %.0f files/s, %d failures", clients, each, d.Round(time.Millisecond), float64(clients*each)/d.Seconds(), failures)

	t.Logf("ensemble PROPFIND Depth 1, 10,000 files: median %v", medianPropfind(t, e.srv.URL+"/dav/flat/", e.email, e.token))

	bin, err := exec.LookPath("rclone")
	if err != nil {
		t.Skip("rclone is not installed: no peer figure")
	}
	dir := t.TempDir()
	for i := range clients * each {
		os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%05d.txt", i)), []byte(body), 0o644)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "webdav", dir, "--addr", "127.0.0.1:18766")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	for range 50 {
		if resp, err := http.Get("http://127.0.0.1:18766/"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("rclone serve webdav PROPFIND Depth 1, 10,000 files: median %v", medianPropfind(t, "http://127.0.0.1:18766/", "", ""))
}

func medianPropfind(t *testing.T, url, user, pass string) time.Duration {
	var times []time.Duration
	for range 5 {
		req, _ := http.NewRequest("PROPFIND", url, nil)
		req.Header.Set("Depth", "1")
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		times = append(times, time.Since(start))
		if resp.StatusCode != 207 || n < 10000*100 {
			t.Fatalf("PROPFIND %s = %d, %d bytes", url, resp.StatusCode, n)
		}
	}
	slices.Sort(times)
	return times[len(times)/2].Round(time.Millisecond)
}
