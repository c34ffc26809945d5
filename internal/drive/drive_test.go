// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

func TestCleanName(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "...", "a/b", `a\b`, "tab\tname", "nul\x00", "del\x7f", "c1\u0085", "\xff", strings.Repeat("é", 128)} {
		if _, err := drive.CleanName(bad); !errors.Is(err, errs.Invalid) {
			t.Errorf("CleanName(%q) = %v; want errs.Invalid", bad, err)
		}
	}
	for _, good := range []string{"a", ".hidden", "a..b", "rapport final.pdf", "日本語", strings.Repeat("x", 255)} {
		if _, err := drive.CleanName(good); err != nil {
			t.Errorf("CleanName(%q) = %v", good, err)
		}
	}
	if n, _ := drive.CleanName("e\u0301"); n != "é" {
		t.Errorf("CleanName does not normalise to NFC: %q", n)
	}
	if drive.NameKey("Straße.TXT") != drive.NameKey("STRASSE.txt") || drive.NameKey("É") != drive.NameKey("e\u0301") {
		t.Error("NameKey does not fold case and normalisation")
	}
}

func TestTree(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		dir, err := e.s.Mkdir(ctx, e.alice, root.ID, "Rapports")
		if err != nil {
			t.Fatal(err)
		}
		for _, dup := range []string{"rapports", "RAPPORTS"} {
			if _, err := e.s.Mkdir(ctx, e.alice, root.ID, dup); !errors.Is(err, errs.Conflict) {
				t.Errorf("Mkdir %q beside Rapports = %v; want errs.Conflict", dup, err)
			}
		}
		e.put(t, dir.ID, "été.txt", "x")
		if _, err := e.s.Mkdir(ctx, e.alice, dir.ID, "e\u0301te\u0301.TXT"); !errors.Is(err, errs.Conflict) {
			t.Errorf("NFD + case duplicate = %v; want errs.Conflict", err)
		}
		sub, _ := e.s.Mkdir(ctx, e.alice, dir.ID, "2026")
		got, err := e.s.Lookup(ctx, e.alice, "/rapports/ÉTÉ.txt")
		if err != nil || got.Name != "été.txt" {
			t.Errorf("Lookup = %+v, %v", got, err)
		}
		if _, err := e.s.Lookup(ctx, e.alice, "/Rapports/../Rapports"); !errors.Is(err, errs.Invalid) {
			t.Errorf("Lookup with .. = %v; want errs.Invalid", err)
		}
		if _, err := e.s.Move(ctx, e.alice, dir.ID, sub.ID, ""); !errors.Is(err, errs.Invalid) {
			t.Errorf("move into own child = %v; want errs.Invalid", err)
		}
		if _, err := e.s.Move(ctx, e.alice, sub.ID, root.ID, "Archives"); err != nil {
			t.Errorf("move and rename: %v", err)
		}
		// Bob sees nothing of Alice's.
		if _, err := e.s.Get(ctx, e.bob, dir.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("bob Get = %v; want errs.NotFound", err)
		}
		if _, err := e.s.Put(ctx, e.bob, dir.ID, "intrus", strings.NewReader("x"), drive.PutOptions{Size: 1}); !errors.Is(err, errs.NotFound) {
			t.Errorf("bob Put into Alice's folder = %v; want errs.NotFound", err)
		}
		kids, _ := e.s.Children(ctx, e.alice, root.ID)
		if len(kids) != 2 || !kids[0].Dir {
			t.Errorf("root children = %+v", kids)
		}
	})
}

func TestVersionsAndSharedBlobs(t *testing.T) {
	each(t, drive.Options{MaxVersions: 3}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		f := e.put(t, root.ID, "note.txt", "v1")
		for _, v := range []string{"v2", "v3", "v4", "v5"} {
			e.now = e.now.Add(time.Second)
			if g := e.put(t, root.ID, "NOTE.txt", v); g.ID != f.ID {
				t.Fatalf("upload over a file made a new file")
			}
		}
		vs, err := e.s.Versions(ctx, e.alice, f.ID)
		if err != nil || len(vs) != 3 || !vs[0].Current || vs[2].Size != 2 {
			t.Fatalf("versions = %+v, %v; want the 3 newest", vs, err)
		}
		if n := e.blobCount(t); n != 3 {
			t.Errorf("blobs after pruning = %d; want 3", n)
		}
		if _, err := e.s.RestoreVersion(ctx, e.alice, f.ID, vs[2].ID); err != nil {
			t.Fatal(err)
		}
		if got := e.read(t, f.ID); got != "v3" {
			t.Errorf("after restore = %q; want v3", got)
		}
		cp, err := e.s.Copy(ctx, e.alice, f.ID, root.ID, "copy.txt", false)
		if err != nil {
			t.Fatal(err)
		}
		// Purging the original keeps the copy's (shared) blob.
		if err := e.s.Trash(ctx, e.alice, f.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Purge(ctx, e.alice, f.ID); err != nil {
			t.Fatal(err)
		}
		if got := e.read(t, cp.ID); got != "v3" {
			t.Errorf("copy after purge = %q; want v3", got)
		}
		if n := e.blobCount(t); n != 1 {
			t.Errorf("blobs after purge = %d; want 1 (the copy's)", n)
		}
		u, _ := e.s.Usage(ctx, e.alice)
		if u.Used != 2 {
			t.Errorf("usage = %+v; want 2 bytes", u)
		}
	})
}

func TestInterruptedUploadLeavesNothing(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		old := e.put(t, root.ID, "doc.bin", "the old content")
		for name, tc := range map[string]struct {
			r    io.Reader
			size int64
		}{
			"client gone, known size":   {&failingReader{n: 6 << 20}, 10 << 20},
			"client gone, unknown size": {&failingReader{n: 100}, -1},
			"shorter than announced":    {strings.NewReader("short"), 100},
			"longer than announced":     {strings.NewReader("much too long"), 4},
		} {
			for _, target := range []string{"doc.bin", "new.bin"} {
				if _, err := e.s.Put(ctx, e.alice, root.ID, target, tc.r, drive.PutOptions{Size: tc.size}); err == nil {
					t.Errorf("%s: Put %s succeeded", name, target)
				}
			}
		}
		if got := e.read(t, old.ID); got != "the old content" {
			t.Errorf("old content = %q", got)
		}
		kids, _ := e.s.Children(ctx, e.alice, root.ID)
		if len(kids) != 1 {
			t.Errorf("children = %d; want only the old file", len(kids))
		}
		if n := e.blobCount(t); n != 1 {
			t.Errorf("blobs = %d; want 1", n)
		}
	})
}

func TestQuota(t *testing.T) {
	each(t, drive.Options{DefaultQuota: 1000}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		e.put(t, root.ID, "a", strings.Repeat("a", 600))
		for _, size := range []int64{600, -1} {
			_, err := e.s.Put(ctx, e.alice, root.ID, "b", strings.NewReader(strings.Repeat("b", 600)), drive.PutOptions{Size: size})
			if !errors.Is(err, errs.TooLarge) {
				t.Errorf("over quota (size %d) = %v; want errs.TooLarge", size, err)
			}
		}
		if n := e.blobCount(t); n != 1 {
			t.Errorf("blobs = %d after refused uploads; want 1", n)
		}
		if err := e.s.SetQuota(ctx, e.alice, 2000); err != nil {
			t.Fatal(err)
		}
		e.put(t, root.ID, "b", strings.Repeat("b", 600))
		u, _ := e.s.Usage(ctx, e.alice)
		if u.Used != 1200 || u.Quota != 2000 || u.Available != 800 {
			t.Errorf("usage = %+v", u)
		}
		if _, err := e.s.Copy(ctx, e.alice, root.ID, root.ID, "x", false); !errors.Is(err, errs.Invalid) {
			t.Errorf("copy of root = %v", err)
		}
		f, _ := e.s.Lookup(ctx, e.alice, "/b")
		e.s.Copy(ctx, e.alice, f.ID, root.ID, "b2", false)
		if _, err := e.s.Copy(ctx, e.alice, f.ID, root.ID, "b3", false); !errors.Is(err, errs.TooLarge) {
			t.Errorf("copy over quota = %v; want errs.TooLarge", err)
		}
	})
}

func TestChecksumVerifiedOnRead(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		root := e.root(t, e.alice)
		f := e.put(t, root.ID, "x", "genuine bytes")
		var key string
		e.blobs.List(t.Context(), "drive/", func(i blob.Info) error { key = i.Key; return nil })
		if _, err := e.blobs.Put(t.Context(), key, strings.NewReader("tampered byte"), 13); err != nil {
			t.Fatal(err)
		}
		_, c, err := e.s.Open(t.Context(), e.alice, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if got, err := io.ReadAll(c); !errors.Is(err, drive.ErrChecksum) || len(got) >= 13 {
			t.Errorf("read of tampered blob = %d bytes, %v; want fewer than 13 and ErrChecksum", len(got), err)
		}
		// Served over HTTP, the body ends short of its Content-Length.
		rec := httptest.NewRecorder()
		e.s.ServeContent(rec, httptest.NewRequest("GET", "/", nil), f)
		if rec.Header().Get("Content-Length") != "13" || rec.Body.Len() >= 13 {
			t.Errorf("served %d bytes with Content-Length %q", rec.Body.Len(), rec.Header().Get("Content-Length"))
		}
	})
}

func TestTrash(t *testing.T) {
	each(t, drive.Options{TrashRetention: 30 * 24 * time.Hour}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		dir, _ := e.s.Mkdir(ctx, e.alice, root.ID, "Dossier")
		f := e.put(t, dir.ID, "f.txt", "content")
		if err := e.s.Trash(ctx, e.alice, dir.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Get(ctx, e.alice, f.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("child of trashed folder = %v; want errs.NotFound", err)
		}
		if err := e.s.Purge(ctx, e.alice, f.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("purge of a non-trashed item = %v; want errs.NotFound", err)
		}
		e.s.Mkdir(ctx, e.alice, root.ID, "dossier") // takes the name meanwhile
		back, err := e.s.Restore(ctx, e.alice, dir.ID)
		if err != nil || back.Name != "Dossier (2)" {
			t.Fatalf("restore = %+v, %v; want renamed \"Dossier (2)\"", back, err)
		}
		if got := e.read(t, f.ID); got != "content" {
			t.Errorf("restored child = %q", got)
		}
		e.s.Trash(ctx, e.alice, dir.ID)
		list, _ := e.s.TrashList(ctx, e.alice)
		if len(list) != 1 || list[0].ID != dir.ID {
			t.Errorf("trash = %+v", list)
		}
		e.now = e.now.Add(29 * 24 * time.Hour)
		if n, _ := e.s.PurgeExpired(ctx); n != 0 {
			t.Errorf("purged %d before the retention ended", n)
		}
		e.now = e.now.Add(2 * 24 * time.Hour)
		if n, err := e.s.PurgeExpired(ctx); n != 1 || err != nil {
			t.Errorf("PurgeExpired = %d, %v; want 1", n, err)
		}
		if n := e.blobCount(t); n != 0 {
			t.Errorf("blobs after purge = %d", n)
		}
		if u, _ := e.s.Usage(ctx, e.alice); u.Used != 0 {
			t.Errorf("usage after purge = %d", u.Used)
		}
	})
}

func TestDeadProps(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		f := e.put(t, root.ID, "p", "x")
		p := drive.Prop{Space: "urn:x", Local: "colour", Inner: "blue"}
		ops := []drive.PropPatch{{Prop: p}, {Prop: p, Remove: true}, {Prop: drive.Prop{Space: "urn:x", Local: "size", Inner: "<b>big</b>"}}}
		if err := e.s.PatchProps(ctx, e.alice, f.ID, ops); err != nil {
			t.Fatal(err)
		}
		cp, _ := e.s.Copy(ctx, e.alice, f.ID, root.ID, "q", false)
		for _, n := range []drive.Node{f, cp} {
			props, err := e.s.Props(ctx, n)
			if err != nil || len(props) != 1 || props[0].Local != "size" || props[0].Inner != "<b>big</b>" {
				t.Errorf("props of %s = %+v, %v", n.Name, props, err)
			}
		}
	})
}

func TestZip(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		dir, _ := e.s.Mkdir(ctx, e.alice, root.ID, "Dossier")
		sub, _ := e.s.Mkdir(ctx, e.alice, dir.ID, "Sous-dossier é")
		e.s.Mkdir(ctx, e.alice, dir.ID, "vide")
		e.put(t, dir.ID, "a.txt", "alpha")
		e.put(t, sub.ID, "b.bin", strings.Repeat("b", 100_000))
		trashed := e.put(t, dir.ID, "jeté.txt", "gone")
		e.s.Trash(ctx, e.alice, trashed.ID)
		var buf bytes.Buffer
		if err := e.s.WriteZip(ctx, e.alice, dir.ID, &buf); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, f := range zr.File {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			got[f.Name] = string(b)
		}
		want := map[string]string{"a.txt": "alpha", "Sous-dossier é/b.bin": strings.Repeat("b", 100_000), "vide/": ""}
		if len(got) != len(want) {
			t.Errorf("archive holds %v", slices.Sorted(maps.Keys(got)))
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %d bytes, want %d", k, len(got[k]), len(v))
			}
		}
		if err := e.s.WriteZip(ctx, e.bob, dir.ID, io.Discard); !errors.Is(err, errs.NotFound) {
			t.Errorf("bob's zip = %v; want errs.NotFound", err)
		}
	})
}

// A damaged tree whose parent links loop cannot make a ZIP download (or
// any walk up or down the tree) endless.
func TestZipOfALoopEnds(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		a, _ := e.s.Mkdir(ctx, e.alice, root.ID, "A")
		b, _ := e.s.Mkdir(ctx, e.alice, a.ID, "B")
		if _, err := e.db.ExecContext(ctx, `UPDATE drive_nodes SET parent_id = $1 WHERE id = $2`, b.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		err := e.s.WriteZip(ctx, e.alice, b.ID, io.Discard)
		if !errors.Is(err, errs.TooLarge) {
			t.Errorf("zip of a loop = %v; want errs.TooLarge", err)
		}
		if _, err := e.s.Move(ctx, e.alice, b.ID, root.ID, ""); err != nil {
			t.Errorf("moving out of the loop: %v", err)
		}
	})
}

// Concurrent uploads of one new name make one file with a version each.
func TestConcurrentUploadsOfOneName(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		root := e.root(t, e.alice)
		const n = 8
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := range n {
			wg.Go(func() {
				_, err := e.s.Put(t.Context(), e.alice, root.ID, "même.txt", strings.NewReader(fmt.Sprint(i)), drive.PutOptions{Size: 1})
				errc <- err
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Errorf("concurrent Put: %v", err)
			}
		}
		kids, _ := e.s.Children(t.Context(), e.alice, root.ID)
		if len(kids) != 1 {
			t.Fatalf("%d files; want 1", len(kids))
		}
		if vs, _ := e.s.Versions(t.Context(), e.alice, kids[0].ID); len(vs) != n {
			t.Errorf("%d versions; want %d", len(vs), n)
		}
	})
}
