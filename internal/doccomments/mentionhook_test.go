// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"context"
	"slices"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
)

func TestMentionHook(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d)
		var heard []Mention
		e.svc.SetOnMention(func(_ context.Context, m Mention) { heard = append(heard, m) })
		take := func() []Mention { h := heard; heard = nil; return h }

		if _, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Body: text("@dave"), Mentions: []string{e.dave.ID}}); err == nil {
			t.Fatal("an outsider was mentioned")
		}
		th, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Body: text(" @carol look "), Mentions: []string{e.carol.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if h := take(); len(h) != 1 || h[0].DocID != e.doc || h[0].ThreadID != th.ID || h[0].ActorID != e.bob.ID ||
			!slices.Equal(h[0].UserIDs, []string{e.carol.ID}) || h[0].Excerpt != "@carol look" {
			t.Errorf("create: heard %+v", h)
		}
		c, err := e.svc.Reply(ctx, e.alice.ID, e.doc, th.ID, Message{Body: text("no one")})
		if err != nil {
			t.Fatal(err)
		}
		if h := take(); len(h) != 0 {
			t.Errorf("a reply without mentions: heard %+v", h)
		}
		// An edit tells only the people not already waiting on this thread.
		if _, err := e.svc.Edit(ctx, e.alice.ID, e.doc, c.ID, Message{Body: text("@carol @bob"), Mentions: []string{e.carol.ID, e.bob.ID}}); err != nil {
			t.Fatal(err)
		}
		if h := take(); len(h) != 1 || !slices.Equal(h[0].UserIDs, []string{e.bob.ID}) {
			t.Errorf("edit: heard %+v; want bob only", h)
		}
	})
}
