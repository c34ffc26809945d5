// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"encoding/json"
	"os"
	"reflect"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/docconv"
)

// fixtureDoc reads testdata/blocknote.yupdate, a document made by
// BlockNote 0.55 itself (@blocknote/server-util blocksToYDoc, see
// testdata/README.md).
func fixtureDoc(t *testing.T) docconv.Doc {
	t.Helper()
	state, err := os.ReadFile("testdata/blocknote.yupdate")
	if err != nil {
		t.Fatal(err)
	}
	c, err := collab.NewContent(state)
	if err != nil {
		t.Fatal(err)
	}
	return docconv.Doc{Title: "Rapport annuel", Blocks: FromTree(c.XML(Fragment))}
}

func TestFromTreeReadsBlockNote(t *testing.T) {
	d := fixtureDoc(t)
	got := string(docconv.Markdown(d))
	want, err := os.ReadFile("testdata/blocknote.md")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Markdown of the BlockNote document:\n%s\nwant (testdata/blocknote.md):\n%s", got, want)
	}
	if d.Blocks[0].ID == "" {
		t.Error("block ids are lost")
	}
}

func TestToTreeRoundTrip(t *testing.T) {
	for name, d := range map[string]docconv.Doc{"fixture": fixtureDoc(t), "built": builtDoc()} {
		t.Run(name, func(t *testing.T) {
			tree := ToTree(d.Blocks)
			back := FromTree(tree)
			// Ids are made for blocks that had none.
			var clear func([]docconv.Block)
			clear = func(bs []docconv.Block) {
				for i := range bs {
					bs[i].ID = ""
					clear(bs[i].Children)
				}
			}
			want := append([]docconv.Block(nil), d.Blocks...)
			want = FromTree(ToTree(want))
			clear(back)
			clear(want)
			if !reflect.DeepEqual(back, want) {
				t.Errorf("blocks → tree → blocks changed:\n got %+v\nwant %+v", back, want)
			}
			if got, w := (docconv.Doc{Blocks: back}).PlainText(), d.PlainText(); got != w {
				t.Errorf("text changed:\n got %q\nwant %q", got, w)
			}
		})
	}
}

// builtDoc is a document made in Go, with ids to be made.
func builtDoc() docconv.Doc {
	return docconv.Doc{Blocks: []docconv.Block{
		{Type: docconv.Heading, Level: 2, Content: []docconv.Inline{{Text: "Titre"}}},
		{Type: docconv.Paragraph, Content: []docconv.Inline{{Text: "a\nb "}, {Text: "lien", Href: "https://example.org", Bold: true}}},
		{Type: docconv.NumberedItem, Content: []docconv.Inline{{Text: "un"}}, Children: []docconv.Block{
			{Type: docconv.CheckItem, Checked: true, Content: []docconv.Inline{{Text: "fait", Strike: true}}},
		}},
		{Type: docconv.CodeBlock, Language: "sh", Content: []docconv.Inline{{Text: "echo 1\necho 2"}}},
		{Type: docconv.Table, Rows: []docconv.Row{{Cells: []docconv.Cell{{Header: true, Content: []docconv.Inline{{Text: "h"}}}}}, {Cells: []docconv.Cell{{Content: []docconv.Inline{{Text: "c", Code: true}}}}}}},
		{Type: docconv.Divider},
	}}
}

// A tree nested far deeper than any editor would (any client may write
// it) is read without unbounded recursion, keeping every block.
func TestFromTreeBoundsDepth(t *testing.T) {
	const n = 5000
	leaf := collab.Node{Name: "blockContainer", Attrs: map[string]any{"id": "x"}, Children: []collab.Node{
		{Name: "paragraph", Children: []collab.Node{{Text: []collab.Run{{Text: "p"}}}}}}}
	tree := leaf
	for i := 0; i < n; i++ {
		tree = collab.Node{Name: "blockContainer", Children: []collab.Node{
			{Name: "bulletListItem", Children: []collab.Node{{Text: []collab.Run{{Text: "i"}}}}},
			{Name: "blockGroup", Children: []collab.Node{tree}},
		}}
	}
	blocks := FromTree([]collab.Node{{Name: "blockGroup", Children: []collab.Node{tree}}})
	depth, count := 0, 0
	var walk func(bs []docconv.Block, d int)
	walk = func(bs []docconv.Block, d int) {
		for _, b := range bs {
			depth = max(depth, d)
			count++
			walk(b.Children, d+1)
		}
	}
	walk(blocks, 1)
	if depth > MaxDepth || count != n+1 {
		t.Errorf("depth %d, %d blocks; want at most %d deep and %d blocks", depth, count, MaxDepth, n+1)
	}
	if _, err := docconv.PDF(docconv.Doc{Blocks: blocks}); err != nil {
		t.Error(err)
	}
}

// ToTree writes exactly what BlockNote itself stores: the tree of the
// BlockNote-made fixture, read and written again, is the same tree
// (attributes, marks, hard breaks, ids, table cells).
func TestToTreeWritesWhatBlockNoteWrites(t *testing.T) {
	state, err := os.ReadFile("testdata/blocknote.yupdate")
	if err != nil {
		t.Fatal(err)
	}
	c, err := collab.NewContent(state)
	if err != nil {
		t.Fatal(err)
	}
	orig := c.XML(Fragment)
	want, _ := json.Marshal(orig)
	got, _ := json.Marshal(ToTree(FromTree(orig)))
	if string(got) != string(want) {
		t.Errorf("tree written:\n%s\nBlockNote's:\n%s", got, want)
	}
}
