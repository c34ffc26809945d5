// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"fmt"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

// BenchmarkComments measures listing the threads of a document with 200
// threads of 4 comments each (one reaction on every comment), and
// replying in one, on SQLite.
func BenchmarkComments(b *testing.B) {
	d := dbtest.SQLite(b)
	e := newEnv(b, d)
	ctx := b.Context()
	var last Thread
	for i := range 200 {
		th, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Quote: fmt.Sprintf("passage %d", i), Body: text("a remark on this passage")})
		if err != nil {
			b.Fatal(err)
		}
		for range 3 {
			if _, err := e.svc.Reply(ctx, e.alice.ID, e.doc, th.ID, Message{Body: text("an answer to the remark")}); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := e.svc.React(ctx, e.alice.ID, e.doc, th.Comments[0].ID, "👍", true); err != nil {
			b.Fatal(err)
		}
		last = th
	}
	b.Run("list", func(b *testing.B) {
		for b.Loop() {
			list, err := e.svc.List(ctx, e.doc, e.carol.ID)
			if err != nil || len(list) != 200 {
				b.Fatal(len(list), err)
			}
		}
	})
	b.Run("reply", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.svc.Reply(ctx, e.bob.ID, e.doc, last.ID, Message{Body: text("one more")}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
