// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// MaxNameBytes is the longest name accepted, in bytes of UTF-8 after
// normalisation (the limit of common file systems).
const MaxNameBytes = 255

// CleanName checks a file or folder name and returns it in Unicode NFC.
//
// The rule: a name is valid UTF-8, 1 to MaxNameBytes bytes once in NFC,
// contains no "/" nor "\", no control character (C0, DEL, C1) and is not
// made only of dots ("." and ".." are path syntax; "..." confuses clients
// that strip trailing dots). Two names in one folder may not be equal after
// NFC normalisation and Unicode case folding (NameKey): "Report.pdf" and
// "report.PDF", or "é" precomposed and "e" + combining acute, clash, as
// they would on the desktops that sync the folder.
func CleanName(name string) (string, error) {
	if !utf8.ValidString(name) {
		return "", errs.Explain(errs.Invalid, "The name is not valid UTF-8.")
	}
	name = norm.NFC.String(name)
	if name == "" {
		return "", errs.Explain(errs.Invalid, "The name is empty.")
	}
	if len(name) > MaxNameBytes {
		return "", errs.Explain(errs.Invalid, "The name is longer than %d bytes.", MaxNameBytes)
	}
	if strings.Trim(name, ".") == "" {
		return "", errs.Explain(errs.Invalid, "A name cannot be made only of dots.")
	}
	for _, r := range name {
		if r == '/' || r == '\\' {
			return "", errs.Explain(errs.Invalid, "A name cannot contain %q.", r)
		}
		if unicode.IsControl(r) {
			return "", errs.Explain(errs.Invalid, "A name cannot contain control characters.")
		}
	}
	return name, nil
}

// NameKey is the form in which names are compared for uniqueness within a
// folder: NFC, case-folded, NFC again (folding can denormalise).
func NameKey(name string) string {
	return norm.NFC.String(cases.Fold().String(norm.NFC.String(name)))
}
