// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

// BenchmarkVersions measures saving, viewing, comparing and restoring a
// version of a document of 1,000 paragraphs (about 100,000 characters),
// on SQLite.
func BenchmarkVersions(b *testing.B) {
	d := dbtest.SQLite(b)
	e := newEnv(b, d, 0)
	texts := make([]string, 1000)
	for i := range texts {
		texts[i] = fmt.Sprintf("Paragraph %04d: %s", i, strings.Repeat("lorem ipsum ", 7))
	}
	e.write(b, texts...)
	ctx := b.Context()
	v, err := e.svc.Create(ctx, e.alice, e.doc, "base")
	if err != nil {
		b.Fatal(err)
	}
	texts[500] = "changed"
	e.write(b, texts...)
	b.Run("save", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.svc.Create(ctx, e.alice, e.doc, "again"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("view", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.svc.Get(ctx, e.doc, v.ID, e.alice.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("changes", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.svc.Changes(ctx, e.doc, v.ID, e.alice.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("restore", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.svc.Restore(ctx, e.alice, e.doc, v.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}
