// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package cli_test

import (
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/cli"
)

func runIn(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb strings.Builder
	code := cli.Main(t.Context(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errb)
	return result{code, out.String(), errb.String()}
}

func TestUserAndTokenCommands(t *testing.T) {
	dir := t.TempDir()
	r := runIn(t, "correct horse battery\n", "user", "add", "--data", dir, "--email", "Ada@Mairie.fr", "--name", "Ada Lovelace", "--admin", "--password-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "Created Ada@Mairie.fr") || !strings.Contains(r.stdout, "administrator") {
		t.Fatalf("user add = %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, "another long password\n", "user", "add", "--data", dir, "--email", "ada@mairie.fr", "--name", "Twin", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Errorf("duplicate user add = %d %q", r.code, r.stderr)
	}
	if r := runIn(t, "short\n", "user", "add", "--data", dir, "--email", "b@mairie.fr", "--name", "B", "--password-stdin"); r.code != 1 || !strings.Contains(r.stderr, "password") {
		t.Errorf("weak password = %d %q", r.code, r.stderr)
	}
	if r := runIn(t, "", "user", "add", "--data", dir, "--email", "c@mairie.fr"); r.code != 2 {
		t.Errorf("user add without --name = %d", r.code)
	}
	r = runIn(t, "", "token", "create", "--data", dir, "--email", "ada@mairie.fr", "--name", "backup script", "--expires", "720h")
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); r.code != 0 || len(lines) != 1 || !strings.HasPrefix(lines[0], "ens_pat_") {
		t.Fatalf("token create = %d %q %q; want the token alone", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, "", "user", "disable", "--data", dir, "--email", "ada@mairie.fr"); r.code != 0 {
		t.Fatalf("user disable = %d %q", r.code, r.stderr)
	}
	r = runIn(t, "", "user", "list", "--data", dir)
	if r.code != 0 || !strings.Contains(r.stdout, "Ada@Mairie.fr") || !strings.Contains(r.stdout, "disabled") || !strings.Contains(r.stdout, "admin") {
		t.Fatalf("user list = %d %q", r.code, r.stdout)
	}
	if r := runIn(t, "", "token", "create", "--data", dir, "--email", "ada@mairie.fr", "--name", "x"); r.code != 1 || !strings.Contains(r.stderr, "disabled") {
		t.Errorf("token for a disabled user = %d %q", r.code, r.stderr)
	}
	if r := runIn(t, "", "user", "frobnicate", "--data", dir); r.code != 2 {
		t.Errorf("unknown action = %d", r.code)
	}
}
