// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blob_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// FuzzValidateKey checks that ValidateKey accepts only keys that are safe
// as paths: every accepted key maps to a file inside the disk store's
// root, at the same relative path, and a Put of it writes there and
// nowhere else. Seeds are in testdata/fuzz/FuzzValidateKey.
func FuzzValidateKey(f *testing.F) {
	for _, seed := range []string{"a", "a/b/c", "../x", "a/../../x", "/etc/passwd", "a//b", ".", "..", "...", ".tmp/x", "a\\..\\b", "é/ü", "a\x00b"} {
		f.Add(seed)
	}
	root := f.TempDir()
	s, err := diskblob.New(root)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })

	f.Fuzz(func(t *testing.T, key string) {
		err := blob.ValidateKey(key)
		if err != nil {
			if !errors.Is(err, errs.Invalid) {
				t.Fatalf("ValidateKey(%q) = %v, not errs.Invalid", key, err)
			}
			if _, perr := s.Path(key); perr == nil {
				t.Fatalf("Path(%q) accepts a key that ValidateKey refuses", key)
			}
			return
		}
		if !utf8.ValidString(key) || len(key) > blob.MaxKeyLen || strings.ContainsAny(key, "\\\x00") ||
			strings.HasPrefix(key, "/") || strings.HasSuffix(key, "/") || strings.Contains(key, "//") {
			t.Fatalf("ValidateKey accepts %q", key)
		}
		if err := blob.ValidatePrefix(key); err != nil {
			t.Fatalf("ValidatePrefix refuses the valid key %q: %v", key, err)
		}
		p, err := s.Path(key)
		if err != nil {
			if key == ".tmp" || strings.HasPrefix(key, ".tmp/") {
				return // reserved by the disk store
			}
			t.Fatalf("Path(%q): %v", key, err)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil || !filepath.IsLocal(rel) || rel != filepath.FromSlash(key) {
			t.Fatalf("key %q maps to %s, relative %q, not inside %s at the same path", key, p, rel, root)
		}
		if _, err := s.Put(t.Context(), key, strings.NewReader("x"), 1); err != nil {
			if errors.Is(err, errs.Invalid) {
				return // a segment too long for a file name
			}
			t.Fatalf("Put(%q): %v", key, err)
		}
		fi, err := os.Lstat(p)
		if err != nil || !fi.Mode().IsRegular() {
			t.Fatalf("after Put(%q), %s: %v", key, p, err)
		}
		if err := s.Delete(t.Context(), key); err != nil {
			t.Fatalf("Delete(%q): %v", key, err)
		}
		entries, err := os.ReadDir(root)
		if err != nil || len(entries) != 1 || entries[0].Name() != ".tmp" {
			t.Fatalf("after Put and Delete of %q, the root holds %v (%v), want only .tmp", key, entries, err)
		}
	})
}

func TestValidatePrefix(t *testing.T) {
	long := strings.Repeat("k", blob.MaxKeyLen)
	for _, p := range []string{"", "a", "a/", "a/b", "a/b/", "é", "a/.hidden", ".", "..", "a/.", "a/..", long, long[:509] + "/.", long[:511] + "."} {
		if err := blob.ValidatePrefix(p); err != nil {
			t.Errorf("ValidatePrefix(%q) = %v", p, err)
		}
	}
	for _, p := range []string{"/", "/a", "a//", "a//b", "../", "./", "a/./", "a/../b", "\x00", "a\\", long + "/", long[:511] + "/", long[:510] + "/."} {
		if err := blob.ValidatePrefix(p); !errors.Is(err, errs.Invalid) {
			t.Errorf("ValidatePrefix(%q) = %v, want errs.Invalid", p, err)
		}
	}
}
