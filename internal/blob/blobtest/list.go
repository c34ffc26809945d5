// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package blobtest

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// listKeys are chosen so that file-system order and key order differ:
// "a-b" < "a.b" < "a/…" < "a0" in bytes, while a directory walk that
// sorts names alone would give "a" (the directory) first.
var listKeys = []string{
	"a-b",
	"a.b",
	"a/b/c",
	"a/b/d/e",
	"a/bc",
	"a/c",
	"a0",
	"ab",
	"b/x",
	"z",
	"é/x",
}

func testList(t *testing.T, s blob.Store) {
	for i, k := range listKeys {
		mustPut(t, s, k, []byte(strings.Repeat("x", i)), int64(i))
	}
	all := slices.Clone(listKeys)
	slices.Sort(all)
	cases := []struct {
		prefix string
		want   []string
	}{
		{"", all},
		{"a", []string{"a-b", "a.b", "a/b/c", "a/b/d/e", "a/bc", "a/c", "a0", "ab"}},
		{"a/", []string{"a/b/c", "a/b/d/e", "a/bc", "a/c"}},
		{"a/b", []string{"a/b/c", "a/b/d/e", "a/bc"}}, // partial segment
		{"a/b/", []string{"a/b/c", "a/b/d/e"}},
		{"a/b/d/e", []string{"a/b/d/e"}}, // a whole key
		{"a/b/d/e/", nil},
		{"a.", []string{"a.b"}},
		{"é", []string{"é/x"}},
		{"e", nil},
		{"nothing/here/", nil},
		{"zz", nil},
	}
	for _, c := range cases {
		if got := keys(t, s, c.prefix); !slices.Equal(got, c.want) {
			t.Errorf("List(%q) = %q, want %q", c.prefix, got, c.want)
		}
	}
	// Sizes come with the keys.
	err := s.List(t.Context(), "", func(i blob.Info) error {
		if want := int64(slices.Index(listKeys, i.Key)); i.Size != want {
			t.Errorf("List: %q is %d bytes, want %d", i.Key, i.Size, want)
		}
		if i.ModTime.IsZero() {
			t.Errorf("List: %q has no ModTime", i.Key)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func testListStops(t *testing.T, s blob.Store) {
	for _, k := range listKeys {
		mustPut(t, s, k, nil, 0)
	}
	stop := errors.New("enough")
	var seen int
	err := s.List(t.Context(), "", func(blob.Info) error {
		seen++
		if seen == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 3 {
		t.Errorf("List stopping at 3: err = %v after %d calls, want %v after 3", err, seen, stop)
	}
}

// invalidKeys are refused by blob.ValidateKey, so by every store.
var invalidKeys = []string{
	"",
	".",
	"..",
	"../x",
	"a/..",
	"a/../b",
	"a//b",
	"/a",
	"a/",
	"a/./b",
	"./a",
	"a\\b",
	"nul\x00byte",
	"tab\tkey",
	"new\nline",
	"escape\x1b[31m",
	"del\x7f",
	"bad utf-8 \xff\xfe",
	strings.Repeat("k", blob.MaxKeyLen+1),
}

func testInvalidKeys(t *testing.T, s blob.Store) {
	ctx := t.Context()
	for _, key := range invalidKeys {
		_, err := s.Put(ctx, key, strings.NewReader("x"), 1)
		wantKind(t, err, errs.Invalid, "Put(%q)", key)
		_, _, err = s.Get(ctx, key, 0, -1)
		wantKind(t, err, errs.Invalid, "Get(%q)", key)
		_, err = s.Stat(ctx, key)
		wantKind(t, err, errs.Invalid, "Stat(%q)", key)
		err = s.Delete(ctx, key)
		wantKind(t, err, errs.Invalid, "Delete(%q)", key)
	}
	if got := keys(t, s, ""); len(got) != 0 {
		t.Errorf("after invalid Puts, List = %q", got)
	}
}

func testInvalidPrefixes(t *testing.T, s blob.Store) {
	for _, prefix := range []string{"/", "/a", "a//", "../", "./", "a/../", "a/./b", "nul\x00", "\xff", "back\\", strings.Repeat("p", blob.MaxKeyLen+1)} {
		err := s.List(t.Context(), prefix, func(blob.Info) error { return nil })
		wantKind(t, err, errs.Invalid, "List(%q)", prefix)
	}
}
