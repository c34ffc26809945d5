// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package dav_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCadaver drives the cadaver client through a session: its credentials
// come from a .netrc, as a person would set them up.
func TestCadaver(t *testing.T) {
	bin, err := exec.LookPath("cadaver")
	if err != nil {
		t.Skip("cadaver is not installed (apt-get install -y cadaver): the cadaver session did not run")
	}
	e := sqliteEnv(t)
	home := t.TempDir()
	if err := os.WriteFile(filepath.Join(home, ".netrc"), []byte("machine 127.0.0.1 login "+e.email+" password "+e.token+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(home, "note.txt")
	os.WriteFile(local, []byte("bonjour cadaver\n"), 0o644)
	back := filepath.Join(home, "back.txt")
	script := strings.Join([]string{
		"mkcol docs", "cd docs", "put " + local, "lock note.txt", "unlock note.txt",
		"propset note.txt colour bleu", "propget note.txt colour", "get note.txt " + back,
		"move note.txt renamed.txt", "ls", "quit",
	}, "\n") + "\n"
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-t", e.srv.URL+"/dav/")
	cmd.Env = append(os.Environ(), "HOME="+home)
	cmd.Stdin = strings.NewReader(script)
	out, _ := cmd.CombinedOutput()
	text := string(out)
	for _, want := range []string{"Creating `docs': succeeded", "Locking `note.txt': succeeded", "Unlocking `note.txt': succeeded",
		"Value of colour is: bleu", "succeeded.", "renamed.txt"} {
		if !strings.Contains(text, want) {
			t.Errorf("cadaver output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "failed") {
		t.Errorf("a cadaver command failed:\n%s", text)
	}
	if got, _ := os.ReadFile(back); string(got) != "bonjour cadaver\n" {
		t.Errorf("downloaded %q", got)
	}
}
