// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package diskblob_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/blobtest"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func newStore(t testing.TB, dir string) *diskblob.Store {
	t.Helper()
	s, err := diskblob.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store { return newStore(t, t.TempDir()) })
}

func TestNewCreatesDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	newStore(t, dir)
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		t.Fatalf("New did not create %s: %v", dir, err)
	}
	if perm := fi.Mode().Perm(); perm&^0o750 != 0 {
		t.Errorf("directory mode %v, want at most 0750", perm)
	}
}

func TestNewCleansTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	s := newStore(t, dir)
	if _, err := s.Put(t.Context(), "kept", strings.NewReader("k"), 1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// What a Put that crashed between create and rename leaves behind.
	leftovers := []string{".tmp/put-0123456789abcdef01234567", ".tmp/odd name", ".tmp/sub/deeper"}
	for _, name := range leftovers {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.WriteFile(p, []byte("partial"), 0o640); err != nil {
			t.Fatal(err)
		}
	}
	s = newStore(t, dir)
	entries, err := os.ReadDir(filepath.Join(dir, ".tmp"))
	if err != nil || len(entries) != 0 {
		t.Errorf("after New, .tmp holds %d entries (err %v), want none", len(entries), err)
	}
	var got []string
	s.List(t.Context(), "", func(i blob.Info) error { got = append(got, i.Key); return nil })
	if !slices.Equal(got, []string{"kept"}) {
		t.Errorf("List = %q, want [kept]", got)
	}
}

func TestFailedPutLeavesNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	s := newStore(t, dir)
	r := errReader{}
	if _, err := s.Put(t.Context(), "x", r, -1); err == nil {
		t.Fatal("Put with a failing reader succeeded")
	}
	if _, err := s.Put(t.Context(), "x", strings.NewReader("abc"), 2); !errors.Is(err, errs.Invalid) {
		t.Fatalf("Put with a size mismatch: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, ".tmp"))
	if len(entries) != 0 {
		t.Errorf(".tmp holds %d entries after failed Puts", len(entries))
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("broken") }

func TestReservedTemporaryArea(t *testing.T) {
	s := newStore(t, t.TempDir())
	for _, key := range []string{".tmp", ".tmp/x", ".tmp/put-1"} {
		if _, err := s.Put(t.Context(), key, strings.NewReader("x"), 1); !errors.Is(err, errs.Invalid) {
			t.Errorf("Put(%q): %v, want errs.Invalid", key, err)
		}
		if _, err := s.Stat(t.Context(), key); !errors.Is(err, errs.Invalid) {
			t.Errorf("Stat(%q): %v, want errs.Invalid", key, err)
		}
	}
	// Keys that only look like it are fine.
	for _, key := range []string{".tmpx", "a/.tmp", ".tm"} {
		if _, err := s.Put(t.Context(), key, strings.NewReader("x"), 1); err != nil {
			t.Errorf("Put(%q): %v", key, err)
		}
	}
	var got []string
	s.List(t.Context(), ".t", func(i blob.Info) error { got = append(got, i.Key); return nil })
	if !slices.Equal(got, []string{".tm", ".tmpx"}) {
		t.Errorf("List(.t) = %q, want [.tm .tmpx]", got)
	}
}

func TestLayout(t *testing.T) {
	dir := t.TempDir()
	s := newStore(t, dir)
	if _, err := s.Put(t.Context(), "docs/42/snap shot", strings.NewReader("data"), 4); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "docs", "42", "snap shot")
	b, err := os.ReadFile(want)
	if err != nil || string(b) != "data" {
		t.Fatalf("file %s = %q, %v", want, b, err)
	}
	if p, err := s.Path("docs/42/snap shot"); p != want || err != nil {
		t.Errorf("Path = %q, %v; want %q", p, err, want)
	}
	// Delete removes the directories it empties, not the root.
	if err := s.Delete(t.Context(), "docs/42/snap shot"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "docs")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("docs/ still there after deleting its only blob: %v", err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Errorf("root removed: %v", err)
	}
}
