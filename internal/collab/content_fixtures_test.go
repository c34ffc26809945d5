// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package collab

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// fixtureReading is NAME.json of testdata/fixtures: what reading the
// document must give (written by collabtest/fixtures/make-fixtures.mjs
// from yjs's own reading).
type fixtureReading struct {
	Text  map[string]any `json:"text"`
	XML   map[string]any `json:"xml"`
	Map   map[string]any `json:"map"`
	Array map[string]any `json:"array"`
}

func readFixture(t *testing.T, name string) (state []byte, updates [][]byte, want fixtureReading) {
	t.Helper()
	dir := filepath.Join("testdata", "fixtures")
	state, err := os.ReadFile(filepath.Join(dir, name+".bin"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, name+".updates"))
	if err != nil {
		t.Fatal(err)
	}
	d := &ydec{decoder{buf: raw}}
	for len(d.buf) > 0 && d.err == nil {
		updates = append(updates, d.bytes())
	}
	if d.err != nil {
		t.Fatal(d.err)
	}
	js, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	return state, updates, want
}

// readingOf reads c the way the fixture describes.
func readingOf(c *Content, shape fixtureReading) fixtureReading {
	got := fixtureReading{Text: map[string]any{}, XML: map[string]any{}, Map: map[string]any{}, Array: map[string]any{}}
	for name := range shape.Text {
		got.Text[name] = c.Text(name)
	}
	for name := range shape.XML {
		got.XML[name] = c.XML(name)
	}
	for name := range shape.Map {
		got.Map[name] = c.Map(name)
	}
	for name := range shape.Array {
		got.Array[name] = c.Array(name)
	}
	return got
}

// TestFixtures reads documents made by yjs: as yjs encodes them, as the
// server builds them from their clients' updates, and from the server's
// compacted snapshot. With ENSEMBLE_FIXTURES_OUT=DIR it writes the
// compacted snapshots there, for `node make-fixtures.mjs check DIR`.
func TestFixtures(t *testing.T) {
	names := []string{"text", "maps", "blocknote"}
	entries, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.json"))
	if len(entries) != len(names) {
		t.Fatalf("fixtures %v; the test knows %v", entries, names)
	}
	out := os.Getenv("ENSEMBLE_FIXTURES_OUT")
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			state, updates, want := readFixture(t, name)
			server := replicaOf(t, updates...)
			compacted, err := compactUpdate(server.encode())
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				how   string
				state []byte
			}{{"yjs's encoding", state}, {"the server's replica", server.encode()}, {"the compacted snapshot", compacted}} {
				content, err := NewContent(c.state)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := jsonOf(t, readingOf(content, want)), jsonOf(t, want); got != want {
					t.Errorf("%s reads\n %s\nwant %s", c.how, got, want)
				}
			}
			if out != "" {
				if err := os.WriteFile(filepath.Join(out, name+".bin"), compacted, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if !slices.Contains(names, "blocknote") {
		t.Fatal("unreachable")
	}
}
