// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/ids"
)

// addDoc inserts a user and a document row, as the docs domain would.
func addDoc(t *testing.T, d *db.DB, title string) string {
	t.Helper()
	ctx := t.Context()
	user, doc := ids.New(), ids.New()
	now := db.Time(time.Now())
	if _, err := d.ExecContext(ctx, `INSERT INTO users (id, email, email_key, name, created_at, updated_at) VALUES ($1, $2, $2, 'x', $3, $3)`,
		user, user+"@example.org", now); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `INSERT INTO docs (id, title, owner_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
		doc, title, user, now); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestIndexQuery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		ix := NewIndex(d)
		budget := addDoc(t, d, "Budget 2027")
		minutes := addDoc(t, d, "Compte rendu")
		other := addDoc(t, d, "Other")
		must(t, ix.Put(ctx, budget, "Budget 2027", "The municipal budget for schools and roads."))
		must(t, ix.Put(ctx, minutes, "Compte rendu", "Réunion du conseil: le budget des écoles <script>alert(1)</script> est voté."))
		must(t, ix.Put(ctx, other, "Other", "Nothing relevant here."))

		hits, err := ix.Query(ctx, "BUDGET", 10, 0)
		must(t, err)
		if got := docIDs(hits); !sameSet(got, budget, minutes) {
			t.Fatalf("BUDGET found %v; want %s and %s", got, budget, minutes)
		}
		if hits[0].DocID != budget {
			t.Errorf("a title match should rank first; got %q first", hits[0].Title)
		}

		// The last word is a prefix, so results come while typing.
		hits, err = ix.Query(ctx, "municip", 10, 0)
		must(t, err)
		if got := docIDs(hits); !sameSet(got, budget) {
			t.Fatalf("prefix municip found %v", got)
		}
		if !strings.Contains(hits[0].Snippet, "<mark>municipal</mark>") {
			t.Errorf("snippet %q does not mark the match", hits[0].Snippet)
		}

		// Every word must appear.
		hits, err = ix.Query(ctx, "budget roads", 10, 0)
		must(t, err)
		if got := docIDs(hits); !sameSet(got, budget) {
			t.Fatalf("budget roads found %v", got)
		}

		// Markup in content never comes back as markup: SQLite's snippet
		// is escaped, PostgreSQL's headline drops tags.
		hits, err = ix.Query(ctx, "conseil", 10, 0)
		must(t, err)
		if len(hits) != 1 || strings.Contains(hits[0].Snippet, "<script") || !strings.Contains(hits[0].Snippet, "alert(1)") {
			t.Errorf("snippet %+v: want the text without live markup", hits)
		}

		if d.Dialect() == db.SQLite {
			// Diacritics are folded on SQLite (documented as such).
			hits, err = ix.Query(ctx, "ecoles", 10, 0)
			must(t, err)
			if got := docIDs(hits); !sameSet(got, minutes) {
				t.Errorf("ecoles found %v; want the document with écoles", got)
			}
		}

		// Query-language syntax from the user is only text.
		for _, q := range []string{`"budget`, `budget*`, `NEAR(budget roads)`, `-budget`, `budget OR other`, `title:budget`, `a'b`, `budget & !roads`, `(budget`} {
			if _, err := ix.Query(ctx, q, 10, 0); err != nil {
				t.Errorf("query %q: %v", q, err)
			}
		}
		if _, err := ix.Query(ctx, " ?! ", 10, 0); !errors.Is(err, errs.Invalid) {
			t.Errorf("a query without words: %v; want Invalid", err)
		}

		// Indexing again replaces; removing removes.
		must(t, ix.Put(ctx, budget, "Budget 2027", "Entirely new text."))
		hits, err = ix.Query(ctx, "roads", 10, 0)
		must(t, err)
		if len(hits) != 0 {
			t.Errorf("old text still found: %v", docIDs(hits))
		}
		must(t, ix.Remove(ctx, minutes))
		hits, err = ix.Query(ctx, "conseil", 10, 0)
		must(t, err)
		if len(hits) != 0 {
			t.Errorf("removed document still found")
		}
	})
}

func TestIndexPruneAndUnindexed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		ix := NewIndex(d)
		a, b := addDoc(t, d, "A"), addDoc(t, d, "B")
		must(t, ix.Put(ctx, a, "A", "alpha"))
		missing, err := ix.Unindexed(ctx, 10)
		must(t, err)
		if !sameSet(missing, b) {
			t.Fatalf("unindexed = %v; want [%s]", missing, b)
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM docs WHERE id = $1`, a); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Prune(ctx); err != nil {
			t.Fatal(err)
		}
		hits, err := ix.Query(ctx, "alpha", 10, 0)
		must(t, err)
		if len(hits) != 0 {
			t.Errorf("deleted document still found after prune")
		}
	})
}

// readable is a permission table: user → readable documents.
type readable map[string]map[string]bool

func (r readable) CanRead(_ context.Context, docID, userID string) (bool, error) {
	return r[userID][docID], nil
}

// source serves documents from a map, NotFound for the others.
type source map[string][2]string

func (s source) Document(_ context.Context, docID string) (string, string, error) {
	d, ok := s[docID]
	if !ok {
		return "", "", fmt.Errorf("no %q: %w", docID, errs.NotFound)
	}
	return d[0], d[1], nil
}

func TestSearchOnlyReadable(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := t.Context()
	ix := NewIndex(d)
	src := source{}
	var all []string
	// More matching documents than one page of candidates, the readable
	// ones last in rank, so that paging through candidates is exercised.
	for i := range 150 {
		id := addDoc(t, d, fmt.Sprint("doc ", i))
		all = append(all, id)
		src[id] = [2]string{fmt.Sprint("doc ", i), "shared keyword"}
	}
	perms := readable{"alice": {all[149]: true, all[120]: true}, "bob": {}}
	s := New(ix, perms, src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	for _, id := range all {
		must(t, s.Reindex(ctx, id))
	}
	got, err := s.Search(ctx, "alice", "keyword", 10, nil)
	must(t, err)
	if ids := resultIDs(got); !sameSet(ids, all[149], all[120]) {
		t.Fatalf("alice found %v; want her two documents", ids)
	}
	got, err = s.Search(ctx, "bob", "keyword", 10, nil)
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("bob, who may read nothing, found %v", resultIDs(got))
	}
	got, err = s.Search(ctx, "alice", "keyword", 10, map[string]bool{all[120]: true})
	must(t, err)
	if ids := resultIDs(got); !sameSet(ids, all[120]) {
		t.Fatalf("within a subtree alice found %v", ids)
	}

	// A document gone from its source leaves the index at its next reindex.
	delete(src, all[149])
	must(t, s.Reindex(ctx, all[149]))
	got, err = s.Search(ctx, "alice", "keyword", 10, nil)
	must(t, err)
	if ids := resultIDs(got); !sameSet(ids, all[120]) {
		t.Fatalf("after deletion alice found %v", ids)
	}
}

func TestIndexerSettles(t *testing.T) {
	d := dbtest.SQLite(t)
	ix := NewIndex(d)
	id := addDoc(t, d, "T")
	src := source{id: {"T", "first"}}
	s := New(ix, readable{"u": {id: true}}, src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.settle, s.maxWait = 20*time.Millisecond, 200*time.Millisecond
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	// Backfill indexes what exists at start.
	waitFor(t, func() bool { return len(mustSearch(t, s, "first")) == 1 })
	src[id] = [2]string{"T", "second"}
	s.Touch(id)
	waitFor(t, func() bool { return len(mustSearch(t, s, "second")) == 1 })

	// What is touched but not yet indexed is indexed when the server stops.
	s.settle, s.maxWait = time.Hour, time.Hour
	src[id] = [2]string{"T", "third"}
	s.Touch(id)
	cancel()
	<-done
	done = make(chan struct{})
	close(done) // for the deferred wait
	if got := mustSearch(t, s, "third"); len(got) != 1 {
		t.Errorf("the pending change was not indexed at stop")
	}
}

func mustSearch(t *testing.T, s *Service, q string) []Result {
	t.Helper()
	r, err := s.Search(context.Background(), "u", q, 10, nil)
	must(t, err)
	return r
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 10 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestTermsKeepOnlyWords(t *testing.T) {
	got := Terms(`Hello, "wörld"* NEAR(a-b) 2027 ` + strings.Repeat("x ", 40))
	want := []string{"hello", "wörld", "near", "a", "b", "2027"}
	for i, w := range want {
		if got[i] != w {
			t.Fatalf("Terms = %q; want prefix %q", got, want)
		}
	}
	if len(got) != maxTerms {
		t.Errorf("Terms kept %d words; want at most %d", len(got), maxTerms)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func docIDs(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.DocID)
	}
	return out
}

func resultIDs(rs []Result) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func sameSet(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	m := map[string]bool{}
	for _, g := range got {
		m[g] = true
	}
	for _, w := range want {
		if !m[w] {
			return false
		}
	}
	return true
}
