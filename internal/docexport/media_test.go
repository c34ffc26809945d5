// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docexport

import (
	"archive/zip"
	"bytes"
	"image"
	"image/png"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob/diskblob"
	"github.com/ensemble-suite/ensemble/internal/collab"
	"github.com/ensemble-suite/ensemble/internal/db"
	"github.com/ensemble-suite/ensemble/internal/db/dbtest"
	"github.com/ensemble-suite/ensemble/internal/docconv"
	"github.com/ensemble-suite/ensemble/internal/docmedia"
)

// TestExportEmbedsMedia: an image uploaded into the document itself is
// embedded in every format but Markdown; an image of another document,
// even one the caller may read, stays a link.
func TestExportEmbedsMedia(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		blobs, err := diskblob.New(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		media := docmedia.New(d, blobs, e.docs, log, docmedia.Options{})
		s := New(e.docs, e.collab, nil, log)
		s.SetMedia(media)

		alice := e.users["alice"].ID
		doc, err := e.docs.Create(t.Context(), alice, "Photos")
		if err != nil {
			t.Fatal(err)
		}
		other, err := e.docs.Create(t.Context(), alice, "Autre")
		if err != nil {
			t.Fatal(err)
		}
		var pic bytes.Buffer
		if err := png.Encode(&pic, image.NewGray(image.Rect(0, 0, 16, 9))); err != nil {
			t.Fatal(err)
		}
		own, err := media.Upload(t.Context(), alice, doc.ID, "vue.png", bytes.NewReader(pic.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := media.Upload(t.Context(), alice, other.ID, "ailleurs.png", bytes.NewReader(pic.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		blocks := []docconv.Block{
			{Type: docconv.Image, URL: own.URL, Caption: "La vue"},
			{Type: docconv.Image, URL: foreign.URL, Caption: "Ailleurs"},
		}
		if err := e.collab.Edit(t.Context(), doc.ID, func(tx *collab.EditTx) error {
			tx.ReplaceXML(Fragment, ToTree(blocks))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		export := func(name string) []byte {
			t.Helper()
			f, err := docconv.FormatNamed(name)
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := s.Export(t.Context(), doc.ID, alice, f)
			if err != nil {
				t.Fatalf("export %s: %v", name, err)
			}
			return out
		}
		html := string(export("html"))
		if n := strings.Count(html, "data:image/png;base64,"); n != 1 {
			t.Errorf("HTML embeds %d images, want 1", n)
		}
		if !strings.Contains(html, foreign.URL) {
			t.Errorf("HTML lost the link to the other document's image")
		}
		if md := string(export("md")); !strings.Contains(md, own.URL) || strings.Contains(md, "data:") {
			t.Errorf("Markdown should keep the address:\n%s", md)
		}
		for name, dir := range map[string]string{"odt": "Pictures/", "docx": "word/media/"} {
			out := export(name)
			zr, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			n := 0
			for _, f := range zr.File {
				if strings.HasPrefix(f.Name, dir) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s holds %d pictures, want 1", name, n)
			}
		}
		if pdf := export("pdf"); bytes.Count(pdf, []byte("/Subtype /Image")) != 1 {
			t.Errorf("PDF holds %d images, want 1", bytes.Count(pdf, []byte("/Subtype /Image")))
		}
	})
}
