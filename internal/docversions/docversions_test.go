// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/bus"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/docexport"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/drain"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// clock is a settable clock for the automatic versions.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a real document service, collaboration engine and versions
// service over one database, with an editor (alice, owner) and a reader
// (bob) of one document.
type env struct {
	svc    *Service
	collab *collab.Service
	audit  *audit.Log
	clock  *clock
	// editing is who the engine says is connected as an editor (see
	// withEditors).
	editing []string
	alice   identity.User
	bob     identity.User
	doc     string
}

func newEnv(t testing.TB, d *db.DB, keep int) *env {
	t.Helper()
	ctx := t.Context()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	au := audit.New(d, log)
	ids := identity.New(d, au, log, identity.Options{})
	ds := docs.New(d, au, log, docs.Options{Users: ids, TrashDays: 30})
	b := bus.NewLocal(256)
	t.Cleanup(func() { b.Close() })
	e := &env{clock: &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}}
	var svc *Service
	e.collab = collab.New(d, b, ds, ids, drain.New(), log, collab.Options{OnStored: func(id string) { svc.Stored(id) }})
	e.audit = au
	svc = New(d, ds, withEditors{e.collab, e}, log, Options{KeepAuto: keep, Now: e.clock.now, Audit: au})
	e.svc = svc
	for i, name := range []string{"alice", "bob"} {
		u, err := ids.CreateUser(ctx, identity.NewUser{Email: name + "@mairie.fr", Name: name, Password: "correct horse battery", EmailVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			e.alice = u
		} else {
			e.bob = u
		}
	}
	doc, err := ds.Create(ctx, e.alice.ID, "Budget")
	if err != nil {
		t.Fatal(err)
	}
	e.doc = doc.ID
	if err := ds.Grant(ctx, doc.ID, e.bob.ID, docs.RoleReader); err != nil {
		t.Fatal(err)
	}
	return e
}

// withEditors is the real engine, but for who is connected to the
// document as an editor, which needs websocket clients: the server's
// TestVersionsRestoreReachesConnectedClients connects real ones.
type withEditors struct {
	*collab.Service
	e *env
}

func (w withEditors) Editors(string) []string { return w.e.editing }

// write replaces the document's blocks by paragraphs of texts.
func (e *env) write(t testing.TB, texts ...string) {
	t.Helper()
	var blocks []docconv.Block
	for _, s := range texts {
		blocks = append(blocks, docconv.Block{Type: docconv.Paragraph, Content: []docconv.Inline{{Text: s}}})
	}
	err := e.collab.Edit(t.Context(), e.doc, func(tx *collab.EditTx) error {
		tx.ReplaceXML(docexport.Fragment, docexport.ToTree(blocks))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// text returns the document's current text.
func (e *env) text(t *testing.T) string {
	t.Helper()
	c, err := e.collab.Content(t.Context(), e.doc)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, n := range c.XML(docexport.Fragment) {
		b.WriteString(n.PlainText())
	}
	return b.String()
}

func TestNamedVersionsAndRestore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d, 0)
		e.write(t, "first draft", "kept line")
		v, err := e.svc.Create(ctx, e.alice, e.doc, "  Draft 1 ")
		if err != nil {
			t.Fatal(err)
		}
		if v.Name != "Draft 1" || v.Auto || v.CreatedBy == nil || v.CreatedBy.Name != "alice" {
			t.Fatalf("version %+v", v)
		}
		if _, err := e.svc.Create(ctx, e.bob, e.doc, "mine"); !errors.Is(err, errs.Forbidden) {
			t.Fatalf("a reader saved a version: %v", err)
		}
		if _, err := e.svc.Create(ctx, e.alice, e.doc, " "); !errors.Is(err, errs.Invalid) {
			t.Fatalf("empty name: %v", err)
		}
		e.write(t, "second draft", "kept line", "new line")

		view, err := e.svc.Get(ctx, e.doc, v.ID, e.bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(view.Markdown, "first draft") || strings.Contains(view.Markdown, "second") {
			t.Fatalf("markdown of the version: %q", view.Markdown)
		}
		ch, err := e.svc.Changes(ctx, e.doc, v.ID, e.bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Added != 1 || ch.Removed != 0 || ch.Changed != 1 {
			t.Fatalf("changes: +%d -%d ~%d %+v", ch.Added, ch.Removed, ch.Changed, ch.Blocks)
		}

		if _, err := e.svc.Restore(ctx, e.bob, e.doc, v.ID); !errors.Is(err, errs.Forbidden) {
			t.Fatalf("a reader restored: %v", err)
		}
		if _, err := e.svc.List(ctx, e.doc, ""); !errors.Is(err, errs.NotFound) {
			t.Fatalf("an anonymous visitor listed a restricted document's versions: %v", err)
		}
		before, err := e.svc.Restore(ctx, e.alice, e.doc, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.text(t); got != "first draft\nkept line\n" {
			t.Fatalf("restored text %q", got)
		}
		bv, err := e.svc.Get(ctx, e.doc, before.ID, e.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(bv.Markdown, "second draft") || !strings.HasPrefix(bv.Name, "Before restoring “Draft 1”") {
			t.Fatalf("before version %q: %q", bv.Name, bv.Markdown)
		}
		list, err := e.svc.List(ctx, e.doc, e.bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != before.ID || list[1].ID != v.ID {
			t.Fatalf("list %+v", list)
		}
		ch, err = e.svc.Changes(ctx, e.doc, v.ID, e.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ch.Added != 0 || ch.Removed != 0 || ch.Changed != 0 || len(ch.Authors) != 1 || ch.Authors[0].ID != e.alice.ID || !ch.Authors[0].Saved {
			t.Fatalf("changes after restore: %+v", ch)
		}
		if _, err := e.svc.Get(ctx, e.doc, "01jabcdefghjkmnpqrstvwxyz0", e.alice.ID); !errors.Is(err, errs.NotFound) {
			t.Fatalf("unknown version: %v", err)
		}
	})
}

func TestAutomaticVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d, 3)
		e.write(t, "one")
		if n := e.svc.takeDue(ctx); n != 0 {
			t.Fatalf("%d versions before the delay", n)
		}
		e.clock.add(5 * time.Minute)
		e.write(t, "two")
		if n := e.svc.takeDue(ctx); n != 0 {
			t.Fatalf("%d versions 5 minutes after the first edit", n)
		}
		e.clock.add(5 * time.Minute)
		if n := e.svc.takeDue(ctx); n != 1 {
			t.Fatalf("%d versions 10 minutes after the first edit, want 1", n)
		}
		e.clock.add(time.Hour)
		if n := e.svc.takeDue(ctx); n != 0 {
			t.Fatalf("%d versions without edits", n)
		}
		// An edit that leaves the blocks as they were takes no version.
		e.write(t, "two")
		e.clock.add(10 * time.Minute)
		if n := e.svc.takeDue(ctx); n != 0 {
			t.Fatalf("%d versions of unchanged content", n)
		}
		for i := range 5 {
			e.write(t, "edit", string(rune('a'+i)))
			e.clock.add(10 * time.Minute)
			if n := e.svc.takeDue(ctx); n != 1 {
				t.Fatalf("edit %d: %d versions", i, n)
			}
		}
		if _, err := e.svc.Create(ctx, e.alice, e.doc, "named"); err != nil {
			t.Fatal(err)
		}
		e.write(t, "last")
		e.clock.add(10 * time.Minute)
		e.svc.takeDue(ctx)
		list, err := e.svc.List(ctx, e.doc, e.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		autos, named := 0, 0
		for _, v := range list {
			if v.Auto {
				autos++
				if v.CreatedBy != nil || v.Name != "" {
					t.Errorf("automatic version %+v", v)
				}
			} else {
				named++
			}
		}
		if autos != 3 || named != 1 {
			t.Fatalf("%d automatic and %d named versions kept, want 3 and 1", autos, named)
		}
		last, err := e.svc.Get(ctx, e.doc, list[0].ID, e.alice.ID)
		if err != nil || !strings.Contains(last.Markdown, "last") {
			t.Fatalf("newest automatic version %q, %v", last.Markdown, err)
		}
	})
}
