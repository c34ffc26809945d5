// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// Package search is the full-text search of the suite: an index of
// documents' titles and content (SQLite FTS5, or PostgreSQL full-text
// search), an indexer that keeps it current as documents change, and
// GET /api/v1/search, which answers only with what the caller may read.
//
// The index knows nothing of permissions: every hit is checked with the
// documents' one permission function before it is returned.
package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// Index is the full-text index of documents.
type Index struct {
	db *db.DB
}

// NewIndex returns the index stored in d.
func NewIndex(d *db.DB) *Index { return &Index{db: d} }

// Hit is one document that matched, before permission checks.
type Hit struct {
	DocID string
	Title string
	// Snippet is the best matching passage, HTML-escaped, with the
	// matched words between <mark> and </mark>.
	Snippet string
}

// maxBody bounds the indexed text of one document, in bytes.
const maxBody = 1 << 20

// Put indexes (or indexes again) a document's title and text.
func (ix *Index) Put(ctx context.Context, docID, title, body string) error {
	title, body = clean(title), clean(truncateUTF8(body, maxBody))
	err := ix.db.Tx(ctx, func(tx *sql.Tx) error {
		if ix.db.Dialect() == db.Postgres {
			_, err := tx.ExecContext(ctx, `INSERT INTO search_docs (doc_id, title, body) VALUES ($1, $2, $3)
				ON CONFLICT (doc_id) DO UPDATE SET title = excluded.title, body = excluded.body`, docID, title, body)
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE doc_id = $1`, docID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO search_docs (doc_id, title, body) VALUES ($1, $2, $3)`, docID, title, body)
		return err
	})
	if err != nil {
		return fmt.Errorf("search: index %q: %w", docID, err)
	}
	return nil
}

// Remove drops a document from the index.
func (ix *Index) Remove(ctx context.Context, docID string) error {
	if _, err := ix.db.ExecContext(ctx, `DELETE FROM search_docs WHERE doc_id = $1`, docID); err != nil {
		return fmt.Errorf("search: remove %q: %w", docID, err)
	}
	return nil
}

// Prune drops the entries of documents that no longer exist (the SQLite
// index cannot follow deletions by itself) and returns how many.
func (ix *Index) Prune(ctx context.Context) (int64, error) {
	res, err := ix.db.ExecContext(ctx, `DELETE FROM search_docs WHERE doc_id NOT IN (SELECT id FROM docs)`)
	if err != nil {
		return 0, fmt.Errorf("search: prune: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// Unindexed returns up to limit documents that have no index entry yet.
func (ix *Index) Unindexed(ctx context.Context, limit int) ([]string, error) {
	rows, err := ix.db.QueryContext(ctx, `SELECT id FROM docs WHERE id NOT IN (SELECT doc_id FROM search_docs) ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("search: unindexed: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("search: unindexed: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// The snippet markers the database puts around matched words; they cannot
// occur in indexed text (control characters are dropped from it).
const (
	markOpen  = "\x02"
	markClose = "\x03"
)

// Query returns the documents matching q, best first, from offset on.
func (ix *Index) Query(ctx context.Context, q string, limit, offset int) ([]Hit, error) {
	terms := Terms(q)
	if len(terms) == 0 {
		return nil, errs.Explain(errs.Invalid, "q: type at least one word to search for")
	}
	var rows *sql.Rows
	var err error
	if ix.db.Dialect() == db.Postgres {
		rows, err = ix.db.QueryContext(ctx, `SELECT doc_id, title,
				ts_headline('simple', body, q, 'StartSel='||chr(2)||', StopSel='||chr(3)||', MaxWords=24, MinWords=8, MaxFragments=1')
			FROM search_docs, to_tsquery('simple', $1) AS q
			WHERE tsv @@ q ORDER BY ts_rank(tsv, q) DESC, doc_id LIMIT $2 OFFSET $3`, postgresQuery(terms), limit, offset)
	} else {
		rows, err = ix.db.QueryContext(ctx, `SELECT doc_id, title,
				snippet(search_docs, 2, char(2), char(3), '…', 16)
			FROM search_docs WHERE search_docs MATCH $1
			ORDER BY bm25(search_docs, 0.0, 5.0, 1.0), doc_id LIMIT $2 OFFSET $3`, sqliteQuery(terms), limit, offset)
	}
	if err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	defer rows.Close()
	var hits []Hit
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.DocID, &h.Title, &h.Snippet); err != nil {
			return nil, fmt.Errorf("search: query: %w", err)
		}
		h.Snippet = markSnippet(h.Snippet)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil && !errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	return hits, rows.Err()
}

// maxTerms bounds the words of one query.
const maxTerms = 16

// Terms splits a query into lower-case words of letters and digits, the
// only characters that reach the database's query language.
func Terms(q string) []string {
	var terms []string
	for _, f := range strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		terms = append(terms, strings.ToLower(f))
		if len(terms) == maxTerms {
			break
		}
	}
	return terms
}

// sqliteQuery makes an FTS5 query: every word must appear, the last one
// as a prefix (so results come while typing).
func sqliteQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + t + `"`
	}
	parts[len(parts)-1] += "*"
	return strings.Join(parts, " ")
}

// postgresQuery makes a tsquery with the same meaning as sqliteQuery.
func postgresQuery(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = t
	}
	parts[len(parts)-1] += ":*"
	return strings.Join(parts, " & ")
}

// markSnippet escapes a snippet for HTML and turns the database's markers
// into <mark> elements.
func markSnippet(s string) string {
	s = html.EscapeString(s)
	s = strings.ReplaceAll(s, markOpen, "<mark>")
	return strings.ReplaceAll(s, markClose, "</mark>")
}

// clean replaces control characters (which include the snippet markers)
// and invalid UTF-8 with spaces.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\t') {
			return ' '
		}
		return r
	}, s)
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
