// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package teams

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// FuzzCheckName: any input is refused as errs.Invalid or comes back as a
// trimmed, valid, one-line name of 1 to 100 characters.
func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"Urbanisme", "  État civil ", "", "a\nb", "\xff", strings.Repeat("é", 101), "<b>x</b>", "\u202eevil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := checkName(in)
		if err != nil {
			if !errors.Is(err, errs.Invalid) {
				t.Fatalf("checkName(%q) = %v; want errs.Invalid", in, err)
			}
			return
		}
		n := utf8.RuneCountInString(got)
		if n < 1 || n > 100 || !utf8.ValidString(got) || strings.ContainsAny(got, "\x00\r\n") || got != strings.TrimSpace(got) {
			t.Fatalf("checkName(%q) = %q", in, got)
		}
	})
}

// FuzzCheckEmail: any input is refused as errs.Invalid or is a bare
// address of at most 254 bytes whose key is its lower case.
func FuzzCheckEmail(f *testing.F) {
	for _, s := range []string{"a@b.fr", " A@B.fr ", "a@b", "Name <a@b.fr>", "a@b.fr, c@d.fr", "\"x y\"@b.fr", "a@[127.0.0.1]", "é@é.fr"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		email, key, err := checkEmail(in)
		if err != nil {
			if !errors.Is(err, errs.Invalid) {
				t.Fatalf("checkEmail(%q) = %v; want errs.Invalid", in, err)
			}
			return
		}
		if len(email) > 254 || key != strings.ToLower(email) || strings.ContainsAny(email, "<>,\r\n") || !strings.Contains(email, "@") {
			t.Fatalf("checkEmail(%q) = %q, %q", in, email, key)
		}
	})
}
