// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package diskblob_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// TestSymlinkEscape plants links inside the store that lead outside it, as
// an attacker with write access to the directory (or a careless operator)
// might, and checks that no method reads or writes through them.
func TestSymlinkEscape(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	s := newStore(t, dir)
	ctx := t.Context()
	// A directory link and a file link, absolute and relative.
	links := map[string]string{
		"evil":     outside,
		"rel":      "../" + filepath.Base(outside),
		"leak":     secret,
		"sub/leak": "../../" + filepath.Base(outside) + "/secret",
	}
	for name, target := range links {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o750)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, key := range []string{"evil/secret", "rel/secret", "leak", "sub/leak"} {
		if b, _, err := readAll(s, t, key); err == nil {
			t.Errorf("Get(%q) read %q through a link out of the store", key, b)
		}
		if _, err := s.Stat(ctx, key); err == nil {
			t.Errorf("Stat(%q) followed a link out of the store", key)
		}
	}
	// Writing below a directory link must fail; writing over a link
	// replaces the link itself (rename does not follow it), which is safe.
	for _, key := range []string{"evil/secret", "rel/secret", "evil/new", "rel/sub/new"} {
		if _, err := s.Put(ctx, key, strings.NewReader("pwned"), 5); err == nil {
			t.Errorf("Put(%q) wrote through a link out of the store", key)
		}
		s.Delete(ctx, key)
	}
	for _, key := range []string{"leak", "sub/leak"} {
		if _, err := s.Put(ctx, key, strings.NewReader("mine"), 4); err != nil {
			t.Errorf("Put(%q) over a link: %v", key, err)
		}
		if fi, err := os.Lstat(filepath.Join(dir, key)); err != nil || !fi.Mode().IsRegular() {
			t.Errorf("after Put(%q), the link is still there: %v", key, err)
		}
	}
	b, err := os.ReadFile(secret)
	if err != nil || string(b) != "secret" {
		t.Errorf("outside file now %q, %v", b, err)
	}
	entries, _ := os.ReadDir(outside)
	if len(entries) != 1 {
		t.Errorf("outside directory holds %d entries, want only the secret", len(entries))
	}
	// List skips links that lead out, and does not fail on them.
	os.Symlink(secret, filepath.Join(dir, "leak3"))
	err = s.List(ctx, "", func(i blob.Info) error {
		if strings.Contains(i.Key, "secret") || i.Key == "leak3" {
			t.Errorf("List shows %q, reached through a link", i.Key)
		}
		return nil
	})
	if err != nil {
		t.Errorf("List: %v", err)
	}
}

func readAll(s *diskblob.Store, t *testing.T, key string) ([]byte, blob.Info, error) {
	rc, info, err := s.Get(t.Context(), key, 0, -1)
	if err != nil {
		return nil, info, err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return b, info, err
}

func TestNotWritable(t *testing.T) {
	// A path under a regular file can never be a directory.
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	dir := filepath.Join(file, "blobs")
	_, err := diskblob.New(dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("New(%s) = %v, want an error naming the path", dir, err)
	}

	if os.Geteuid() == 0 {
		t.Skip("running as root, which may write to read-only directories: permission check skipped")
	}
	ro := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(ro, 0o500)
	t.Cleanup(func() { os.Chmod(ro, 0o700) })
	_, err = diskblob.New(ro)
	if err == nil || !strings.Contains(err.Error(), ro) || !errors.Is(err, os.ErrPermission) {
		t.Errorf("New(%s) = %v, want a permission error naming the path", ro, err)
	}
	// A store whose directory becomes read-only fails Ping, and Put.
	rw := filepath.Join(t.TempDir(), "rw")
	s := newStore(t, rw)
	os.Chmod(filepath.Join(rw, ".tmp"), 0o500)
	t.Cleanup(func() { os.Chmod(filepath.Join(rw, ".tmp"), 0o700) })
	if err := s.Ping(t.Context()); !errors.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), rw) {
		t.Errorf("Ping = %v, want errs.Unavailable naming %s", err, rw)
	}
	if _, err := s.Put(t.Context(), "x", strings.NewReader("x"), 1); !errors.Is(err, errs.Unavailable) {
		t.Errorf("Put = %v, want errs.Unavailable", err)
	}
}
