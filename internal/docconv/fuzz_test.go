// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"errors"
	"regexp"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// unsafeHref finds a link or image address with a script scheme in HTML.
var unsafeHref = regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript|data:text)`)

// checkImported checks what an importer returned: a refusal is one of the
// kinds the HTTP edge explains; a document exports to every format, and
// its Markdown reads back to the same Markdown.
func checkImported(t *testing.T, d Doc, err error) {
	t.Helper()
	if err != nil {
		if !errors.Is(err, errs.Invalid) && !errors.Is(err, errs.TooLarge) {
			t.Fatalf("error of no known kind: %v", err)
		}
		return
	}
	md1 := Markdown(d)
	d2, err := ImportMarkdown(md1)
	if err != nil {
		t.Fatalf("own Markdown refused: %v\n%q", err, md1)
	}
	if md2 := Markdown(d2); string(md1) != string(md2) {
		t.Fatalf("Markdown export → import → export changed:\n%q\n%q", md1, md2)
	}
	if h := HTML(d); unsafeHref.Match(h) {
		t.Fatalf("HTML with a script address:\n%s", h)
	}
	for _, f := range []func(Doc) ([]byte, error){ODT, DOCX} {
		if _, err := f(d); err != nil {
			t.Fatal(err)
		}
	}
}

func FuzzImportMarkdown(f *testing.F) {
	f.Add(Markdown(sample()))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 64<<10 {
			t.Skip("large inputs: TestHostileMarkdown") // keeps the fuzzer fast
		}
		d, err := ImportMarkdown(src)
		checkImported(t, d, err)
	})
}

func FuzzImportDOCX(f *testing.F) {
	b, err := DOCX(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ImportDOCX(data)
		checkImported(t, d, err)
	})
}

func FuzzImportODT(f *testing.F) {
	b, err := ODT(sample())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ImportODT(data)
		checkImported(t, d, err)
	})
}
