// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docversions

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docconv"
)

// show writes a comparison as text: one line per block, its operation
// first; a changed block's removed words in [-…-], added ones in {+…+}.
func show(cs []BlockChange) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.Op + c.Type + ":")
		if c.Op != Changed {
			b.WriteString(c.Text)
		}
		for _, w := range c.Words {
			switch w.Op {
			case Kept:
				b.WriteString(w.Text)
			case Removed:
				b.WriteString("[-" + w.Text + "-]")
			case Added:
				b.WriteString("{+" + w.Text + "+}")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func para(s string) docconv.Block {
	return docconv.Block{Type: docconv.Paragraph, Content: []docconv.Inline{{Text: s}}}
}

func TestDiffBlocks(t *testing.T) {
	h := func(s string) docconv.Block {
		return docconv.Block{Type: docconv.Heading, Level: 1, Content: []docconv.Inline{{Text: s}}}
	}
	for _, c := range []struct {
		name     string
		old, new []docconv.Block
		want     string
	}{
		{"nothing", nil, nil, ""},
		{"same", []docconv.Block{h("Budget"), para("one")}, []docconv.Block{h("Budget"), para("one")}, "=heading:Budget\n=paragraph:one\n"},
		{"added and removed", []docconv.Block{para("alpha beta"), para("gone entirely"), para("end")},
			[]docconv.Block{para("alpha beta"), para("end"), para("brand new")},
			"=paragraph:alpha beta\n-paragraph:gone entirely\n=paragraph:end\n+paragraph:brand new\n"},
		{"words changed", []docconv.Block{para("The budget for 2026 is approved.")}, []docconv.Block{para("The budget for 2027 is not approved!")},
			"~paragraph:The budget for [-2026-]{+2027+} is {+not +}approved[-.-]{+!+}\n"},
		{"different type is not a change of words", []docconv.Block{para("Budget")}, []docconv.Block{h("Budget")},
			"-paragraph:Budget\n+heading:Budget\n"},
		{"unrelated texts stay apart", []docconv.Block{para("one two three")}, []docconv.Block{para("four five six")},
			"-paragraph:one two three\n+paragraph:four five six\n"},
		{"a block inserted before a changed one", []docconv.Block{para("a b c d")}, []docconv.Block{para("new"), para("a b c e")},
			"+paragraph:new\n~paragraph:a b c [-d-]{+e+}\n"},
		{"nested, check and callout", []docconv.Block{
			{Type: docconv.BulletItem, Content: []docconv.Inline{{Text: "item"}}, Children: []docconv.Block{{Type: docconv.CheckItem, Content: []docconv.Inline{{Text: "task"}}}}},
			{Type: docconv.Callout, Kind: "warning", Content: []docconv.Inline{{Text: "Beware"}}},
		}, []docconv.Block{
			{Type: docconv.BulletItem, Content: []docconv.Inline{{Text: "item"}}, Children: []docconv.Block{{Type: docconv.CheckItem, Checked: true, Content: []docconv.Inline{{Text: "task"}}}}},
			{Type: docconv.Callout, Kind: "warning", Content: []docconv.Inline{{Text: "Beware"}}},
		}, "=bulletListItem:item\n~checkListItem:[-☐-]{+☑+} task\n=callout:Beware\n"},
		{"table rows", []docconv.Block{{Type: docconv.Table, Rows: []docconv.Row{{Cells: []docconv.Cell{{Content: []docconv.Inline{{Text: "a"}}}, {Content: []docconv.Inline{{Text: "1"}}}}}}}}, nil,
			"-table:a | 1\n"},
		{"empty paragraphs do not count", []docconv.Block{para("x"), {Type: docconv.Paragraph}}, []docconv.Block{para("x")}, "=paragraph:x\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := show(diffBlocks(flatten(c.old, nil), flatten(c.new, nil))); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestDiffIsAShortestEdit(t *testing.T) {
	got := strings.Join(diff(strings.Split("a b c d e", " "), strings.Split("a x c e f", " ")), "")
	if want := "=-+=-=+"; got != want {
		t.Fatalf("diff %q, want %q", got, want)
	}
	if d := diff(nil, nil); len(d) != 0 {
		t.Fatalf("empty diff %v", d)
	}
	// Past the bound, the middle is removed then added, still complete.
	a, b := make([]string, 3000), make([]string, 3000)
	for i := range a {
		a[i], b[i] = fmt.Sprint("a", i), fmt.Sprint("b", i)
	}
	a[0], b[0] = "same", "same"
	ops := diff(a, b)
	if len(ops) != 1+2*2999 || ops[0] != Kept || ops[1] != Removed || ops[len(ops)-1] != Added {
		t.Fatalf("%d operations, first %v", len(ops), ops[:3])
	}
}

func TestWordsKeepTheText(t *testing.T) {
	for _, s := range []string{"", "un", "Le budget, « voté » : 3,5 M€ !", "a\nb  c", "日本語 テキスト"} {
		if got := strings.Join(words(s), ""); got != s {
			t.Errorf("words(%q) joined = %q", s, got)
		}
	}
}

// Who changed what: the people editing while changes are stored are
// known, recorded against the next version, and listed for every version
// before it; those who saved or restored a version too.
func TestChangesAuthors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		e := newEnv(t, d, 0)
		e.write(t, "first")
		v1, err := e.svc.Create(ctx, e.alice, e.doc, "v1")
		if err != nil {
			t.Fatal(err)
		}
		// Bob (made an editor) edits; an automatic version follows.
		e.editing = []string{e.bob.ID}
		e.write(t, "first", "by bob")
		e.editing = nil
		e.clock.add(10 * time.Minute)
		if n := e.svc.takeDue(ctx); n != 1 {
			t.Fatalf("%d automatic versions", n)
		}
		// Alice edits; no version yet.
		e.clock.add(2 * time.Second)
		e.editing = []string{e.alice.ID}
		e.write(t, "first changed", "by bob")
		e.editing = nil

		authors := func(vid string) string {
			t.Helper()
			ch, err := e.svc.Changes(ctx, e.doc, vid, e.bob.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, a := range ch.Authors {
				out = append(out, fmt.Sprintf("%s edited=%v saved=%v", a.Name, a.Edited, a.Saved))
			}
			return strings.Join(out, "; ")
		}
		if got, want := authors(v1.ID), "bob edited=true saved=false; alice edited=true saved=false"; got != want {
			t.Errorf("authors since v1: %s, want %s", got, want)
		}
		list, err := e.svc.List(ctx, e.doc, e.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := authors(list[0].ID), "alice edited=true saved=false"; got != want {
			t.Errorf("authors since the automatic version: %s, want %s", got, want)
		}
		// Alice saves: her edits are recorded against her version, kept
		// after a restart of the service (a new one over the same data).
		v2, err := e.svc.Create(ctx, e.alice, e.doc, "v2")
		if err != nil {
			t.Fatal(err)
		}
		hooked := e.svc // the one the engine tells of stored edits
		e.svc = New(d, e.svc.docs, e.svc.content, e.svc.log, e.svc.opts)
		if got, want := authors(v1.ID), "bob edited=true saved=false; alice edited=true saved=true"; got != want {
			t.Errorf("authors since v1 after a restart: %s, want %s", got, want)
		}
		e.svc = hooked
		if got := authors(v2.ID); got != "" {
			t.Errorf("authors since the newest version: %s", got)
		}
		ch, err := e.svc.Changes(ctx, e.doc, v1.ID, e.bob.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := show(ch.Blocks), "~paragraph:first{+ changed+}\n+paragraph:by bob\n"; got != want || ch.Added != 1 || ch.Changed != 1 || ch.AutoVersions != 1 {
			t.Errorf("blocks since v1:\n%s(+%d ~%d, %d automatic) want\n%s", got, ch.Added, ch.Changed, ch.AutoVersions, want)
		}
		// Who changed which block: Alice the first paragraph (before v2),
		// Bob the added one (before the automatic version).
		names := map[string]string{e.alice.ID: "alice", e.bob.ID: "bob"}
		var by []string
		for _, b := range ch.Blocks {
			var who []string
			for _, id := range b.By {
				who = append(who, names[id])
			}
			by = append(by, b.Text+"="+strings.Join(who, ","))
		}
		if got, want := strings.Join(by, "; "), "first changed=alice; by bob=bob"; got != want {
			t.Errorf("blocks by: %s, want %s", got, want)
		}
		// A block removed since: by whoever edited when it went.
		e.editing = []string{e.bob.ID}
		e.clock.add(2 * time.Second)
		e.write(t, "first changed")
		ch, err = e.svc.Changes(ctx, e.doc, v1.ID, e.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := show(ch.Blocks), "~paragraph:first{+ changed+}\n"; got != want || len(ch.Blocks[0].By) != 1 || ch.Blocks[0].By[0] != e.alice.ID {
			t.Errorf("after bob removed his block:\n%s by %v", got, ch.Blocks[0].By)
		}
		ch, err = e.svc.Changes(ctx, e.doc, v2.ID, e.alice.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := show(ch.Blocks), "=paragraph:first changed\n-paragraph:by bob\n"; got != want || len(ch.Blocks[1].By) != 1 || ch.Blocks[1].By[0] != e.bob.ID {
			t.Errorf("since v2:\n%s by %v", got, ch.Blocks[1].By)
		}
	})
}
