// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package doccomments

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// env is a real document service and comments service over one database,
// with a document of alice (owner), bob (commenter) and carol (reader);
// dave has no access.
type env struct {
	svc                     *Service
	docs                    *docs.Service
	alice, bob, carol, dave identity.User
	doc                     string
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	au := audit.New(d, log)
	ids := identity.New(d, au, log, identity.Options{})
	ds := docs.New(d, au, log, docs.Options{Users: ids, TrashDays: 30})
	e := &env{svc: New(d, ds, log), docs: ds}
	for _, p := range []struct {
		u    *identity.User
		name string
	}{{&e.alice, "alice"}, {&e.bob, "bob"}, {&e.carol, "carol"}, {&e.dave, "dave"}} {
		u, err := ids.CreateUser(ctx, identity.NewUser{Email: p.name + "@mairie.fr", Name: p.name, Password: "correct horse battery", EmailVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		*p.u = u
	}
	doc, err := ds.Create(ctx, e.alice.ID, "Budget")
	if err != nil {
		t.Fatal(err)
	}
	e.doc = doc.ID
	if err := ds.Grant(ctx, doc.ID, e.bob.ID, docs.RoleCommenter); err != nil {
		t.Fatal(err)
	}
	if err := ds.Grant(ctx, doc.ID, e.carol.ID, docs.RoleReader); err != nil {
		t.Fatal(err)
	}
	return e
}

func text(s string) json.RawMessage { b, _ := json.Marshal(s); return b }

func TestThreadsRepliesResolveReactions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d)
		anchor := json.RawMessage(`{ "from": 3, "to": 9 }`)
		th, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Anchor: anchor, Quote: " the total ", Body: text(" Is this right? ")})
		if err != nil {
			t.Fatal(err)
		}
		if th.Quote != "the total" || string(th.Anchor) != `{"from":3,"to":9}` || th.CreatedBy == nil || th.CreatedBy.Name != "bob" ||
			len(th.Comments) != 1 || string(th.Comments[0].Body) != `"Is this right?"` || th.Resolved {
			t.Fatalf("thread %+v", th)
		}
		// A reader sees the thread but may not comment, react nor resolve.
		if _, err := e.svc.Create(ctx, e.carol.ID, e.doc, NewThread{Body: text("me too")}); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader comments: %v", err)
		}
		if _, err := e.svc.Reply(ctx, e.carol.ID, e.doc, th.ID, Message{Body: text("me too")}); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader replies: %v", err)
		}
		if _, err := e.svc.SetResolved(ctx, e.carol.ID, e.doc, th.ID, true); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader resolves: %v", err)
		}
		// An outsider learns nothing.
		if _, err := e.svc.List(ctx, e.doc, e.dave.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("outsider lists: %v", err)
		}
		// Rich text replies.
		rich := json.RawMessage(`[{"type":"paragraph","content":[{"type":"text","text":"Yes","styles":{"bold":true}}]}]`)
		c, err := e.svc.Reply(ctx, e.alice.ID, e.doc, th.ID, Message{Body: rich})
		if err != nil || string(c.Body) != string(rich) || c.Author.Name != "alice" {
			t.Fatalf("reply %+v %v", c, err)
		}
		for range 2 {
			if _, err := e.svc.React(ctx, e.bob.ID, e.doc, c.ID, "👍", true); err != nil {
				t.Fatal(err)
			}
		}
		c, err = e.svc.React(ctx, e.alice.ID, e.doc, c.ID, "👍🏽", true)
		if err != nil || len(c.Reactions) != 2 || c.Reactions[0].Emoji != "👍" || len(c.Reactions[0].UserIDs) != 1 {
			t.Fatalf("reactions %+v %v", c.Reactions, err)
		}
		if c, err = e.svc.React(ctx, e.bob.ID, e.doc, c.ID, "👍", false); err != nil || len(c.Reactions) != 1 {
			t.Fatalf("unreact %+v %v", c.Reactions, err)
		}
		if _, err := e.svc.React(ctx, e.bob.ID, e.doc, c.ID, "<script>", true); !errors.Is(err, errs.Invalid) {
			t.Errorf("bad emoji: %v", err)
		}
		if _, err := e.svc.React(ctx, e.carol.ID, e.doc, c.ID, "👍", true); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader reacts: %v", err)
		}
		th, err = e.svc.SetResolved(ctx, e.bob.ID, e.doc, th.ID, true)
		if err != nil || !th.Resolved || th.ResolvedBy == nil || th.ResolvedBy.ID != e.bob.ID || th.ResolvedAt == nil {
			t.Fatalf("resolve %+v %v", th, err)
		}
		if th, err = e.svc.SetResolved(ctx, e.alice.ID, e.doc, th.ID, false); err != nil || th.Resolved || th.ResolvedBy != nil {
			t.Fatalf("reopen %+v %v", th, err)
		}
		list, err := e.svc.List(ctx, e.doc, e.carol.ID)
		if err != nil || len(list) != 1 || len(list[0].Comments) != 2 || len(list[0].Comments[1].Reactions) != 1 {
			t.Fatalf("list %+v %v", list, err)
		}
	})
}

func TestEditDeleteAndBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d)
		th, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Body: text("first")})
		if err != nil {
			t.Fatal(err)
		}
		first := th.Comments[0].ID
		if _, err := e.svc.Edit(ctx, e.alice.ID, e.doc, first, Message{Body: text("hijack")}); !errors.Is(err, errs.Forbidden) {
			t.Errorf("owner edits bob's comment: %v", err)
		}
		c, err := e.svc.Edit(ctx, e.bob.ID, e.doc, first, Message{Body: text("first, edited")})
		if err != nil || string(c.Body) != `"first, edited"` || c.EditedAt == nil {
			t.Fatalf("edit %+v %v", c, err)
		}
		for _, bad := range []json.RawMessage{nil, text("   "), json.RawMessage(`42`), json.RawMessage(`[]`), text(strings.Repeat("x", MaxText+1))} {
			if _, err := e.svc.Reply(ctx, e.bob.ID, e.doc, th.ID, Message{Body: bad}); !errors.Is(err, errs.Invalid) {
				t.Errorf("body %.20s: %v", bad, err)
			}
		}
		if _, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Body: text("x"), Anchor: json.RawMessage(`"str"`)}); !errors.Is(err, errs.Invalid) {
			t.Errorf("string anchor: %v", err)
		}
		reply, err := e.svc.Reply(ctx, e.alice.ID, e.doc, th.ID, Message{Body: text("second")})
		if err != nil {
			t.Fatal(err)
		}
		// Carol (reader) may not delete; bob deletes his own; alice, the
		// owner, deletes anyone's.
		if err := e.svc.Delete(ctx, e.carol.ID, e.doc, first); !errors.Is(err, errs.Forbidden) {
			t.Errorf("reader deletes: %v", err)
		}
		if err := e.svc.Delete(ctx, e.bob.ID, e.doc, reply.ID); !errors.Is(err, errs.Forbidden) {
			t.Errorf("bob deletes alice's: %v", err)
		}
		if err := e.svc.Delete(ctx, e.bob.ID, e.doc, first); err != nil {
			t.Fatal(err)
		}
		list, _ := e.svc.List(ctx, e.doc, e.alice.ID)
		if len(list) != 1 || !list[0].Comments[0].Deleted || string(list[0].Comments[0].Body) != `""` {
			t.Fatalf("after delete %+v", list)
		}
		if _, err := e.svc.Edit(ctx, e.bob.ID, e.doc, first, Message{Body: text("back")}); !errors.Is(err, errs.NotFound) {
			t.Errorf("edit a deleted comment: %v", err)
		}
		if err := e.svc.Delete(ctx, e.alice.ID, e.doc, reply.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := e.svc.List(ctx, e.doc, e.alice.ID); len(list) != 0 {
			t.Errorf("a thread of deleted comments stays: %+v", list)
		}
	})
}

func TestMentionsNotify(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d)
		_, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Body: text("@dave look"), Mentions: []string{e.dave.ID}})
		if !errors.Is(err, errs.Invalid) || strings.Contains(err.Error(), "Budget") {
			t.Errorf("mention an outsider: %v", err)
		}
		if list, _ := e.svc.List(ctx, e.doc, e.alice.ID); len(list) != 0 {
			t.Errorf("a refused thread was stored")
		}
		th, err := e.svc.Create(ctx, e.bob.ID, e.doc, NewThread{Body: text("@carol @bob look"), Mentions: []string{e.carol.ID, e.carol.ID, e.bob.ID}})
		if err != nil {
			t.Fatal(err)
		}
		ns, err := e.svc.Notifications(ctx, e.carol.ID)
		if err != nil || len(ns) != 1 || ns[0].Kind != KindMention || ns[0].ThreadID != th.ID || ns[0].DocTitle != "Budget" ||
			ns[0].Actor == nil || ns[0].Actor.Name != "bob" || ns[0].ReadAt != nil {
			t.Fatalf("carol's notifications %+v %v", ns, err)
		}
		if ns, _ := e.svc.Notifications(ctx, e.bob.ID); len(ns) != 0 {
			t.Errorf("self-mention notified: %+v", ns)
		}
		if err := e.svc.MarkRead(ctx, e.bob.ID, ns[0].ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("bob marks carol's: %v", err)
		}
		if err := e.svc.MarkRead(ctx, e.carol.ID, ns[0].ID); err != nil {
			t.Fatal(err)
		}
		if ns, _ := e.svc.Notifications(ctx, e.carol.ID); len(ns) != 1 || ns[0].ReadAt == nil {
			t.Errorf("after read %+v", ns)
		}
		// Deleting the document for good takes its threads and notifications.
		if err := e.docs.Trash(ctx, e.alice, e.doc); err != nil {
			t.Fatal(err)
		}
		if err := e.docs.Purge(ctx, e.alice, e.doc); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM doc_threads) + (SELECT COUNT(*) FROM doc_comments) + (SELECT COUNT(*) FROM notifications)`).Scan(&n); err != nil || n != 0 {
			t.Errorf("rows left after purge: %d %v", n, err)
		}
	})
}

func TestValidEmoji(t *testing.T) {
	for e, want := range map[string]bool{"👍": true, "👍🏽": true, "❤️": true, "👩‍💻": true, "🇫🇷": true, "🎉": true,
		"": false, "a": false, "👍 ": false, "<b>": false, strings.Repeat("👍", 9): false} {
		if got := ValidEmoji(e); got != want {
			t.Errorf("ValidEmoji(%q) = %v", e, got)
		}
	}
}
