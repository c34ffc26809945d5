// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"slices"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
)

// hostileKeys are valid keys that break naive code: shell and URL
// metacharacters, percent escapes, spaces at the edges, dots, Unicode that
// looks like something else. None is a parent of another, since stores
// may refuse that (see testDirectoryKey).
var hostileKeys = []string{
	"dossier été/rapport final.pdf",
	"日本語/ファイル.txt",
	"emoji 🎉/party 🎂",
	"trailing space /x ",
	" leading space",
	"-rf",
	"--help",
	"dots/...",
	"dots/.hidden",
	"dots/..two",
	".dotfirst/x",
	"semi;colon",
	`quote"s and 'single'`,
	"star*question?",
	"hash#frag",
	"percent%20encoded%2F%",
	"plus+sign",
	"amp&eq=x",
	"tilde~",
	"brackets[0]{1}",
	"pipe|lt<gt>",
	"back`tick$HOME",
	"colon:x,comma",
	"rtl\u202eevil.exe",
	"zero\u200bwidth",
	"combining e\u0301 vs \u00e9",
	"nbsp\u00a0x",
	"long/" + strings.Repeat("é", 100),
}

func testHostileKeys(t *testing.T, s blob.Store) {
	ctx := t.Context()
	for _, key := range hostileKeys {
		if err := blob.ValidateKey(key); err != nil {
			t.Fatalf("test key %q is not valid: %v", key, err)
		}
		mustPut(t, s, key, []byte(key), int64(len(key)))
	}
	for _, key := range hostileKeys {
		if got := mustGet(t, s, key); string(got) != key {
			t.Errorf("Get(%q) = %q", key, got)
		}
		if info, err := s.Stat(ctx, key); err != nil || info.Key != key || info.Size != int64(len(key)) {
			t.Errorf("Stat(%q) = %q, %d bytes, %v", key, info.Key, info.Size, err)
		}
		if got := keys(t, s, key); len(got) != 1 || got[0] != key {
			t.Errorf("List(%q) = %q, want just the key", key, got)
		}
	}
	// Prefixes ending in a partial segment of dots.
	if got, want := keys(t, s, "dots/."), []string{"dots/...", "dots/..two", "dots/.hidden"}; !slices.Equal(got, want) {
		t.Errorf("List(dots/.) = %q, want %q", got, want)
	}
	if got, want := keys(t, s, "dots/.."), []string{"dots/...", "dots/..two"}; !slices.Equal(got, want) {
		t.Errorf("List(dots/..) = %q, want %q", got, want)
	}
	if got, want := keys(t, s, "."), []string{".dotfirst/x"}; !slices.Equal(got, want) {
		t.Errorf("List(.) = %q, want %q", got, want)
	}
	want := slices.Clone(hostileKeys)
	slices.Sort(want)
	if got := keys(t, s, ""); !slices.Equal(got, want) {
		t.Errorf("List() =\n%q\nwant\n%q", got, want)
	}
	for _, key := range hostileKeys {
		if err := s.Delete(ctx, key); err != nil {
			t.Errorf("Delete(%q): %v", key, err)
		}
	}
	if got := keys(t, s, ""); len(got) != 0 {
		t.Errorf("after deleting all, List() = %q", got)
	}
}

// testLongKey stores a key of exactly blob.MaxKeyLen bytes, in segments
// short enough for a file name.
func testLongKey(t *testing.T, s blob.Store) {
	seg := strings.Repeat("s", 100)
	key := strings.Repeat(seg+"/", 5)
	key += strings.Repeat("t", blob.MaxKeyLen-len(key))
	if len(key) != blob.MaxKeyLen {
		t.Fatalf("key is %d bytes", len(key))
	}
	mustPut(t, s, key, []byte("long"), 4)
	if got := mustGet(t, s, key); string(got) != "long" {
		t.Errorf("Get = %q", got)
	}
	if got := keys(t, s, seg); len(got) != 1 || got[0] != key {
		t.Errorf("List = %q", got)
	}
}
