// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ensemble-suite/ensemble/internal/audit"
	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
)

// cutAfter gives the first n bytes of data, then fails as a dropped
// connection does.
func cutAfter(data []byte, n int) io.Reader {
	return io.MultiReader(bytes.NewReader(data[:n]), errReader{})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, fs.ErrClosed }

func TestResumableUpload(t *testing.T) {
	each(t, drive.Options{DefaultQuota: 64 << 20}, func(t *testing.T, e *env) {
		ctx := t.Context()
		root := e.root(t, e.alice)
		data := make([]byte, 3<<20+17)
		rng := rand.New(rand.NewPCG(1, 2))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		u, err := e.s.CreateUpload(ctx, e.alice, root.ID, "gros.bin", int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		// A network cut: what arrived is kept.
		if _, _, err := e.s.AppendUpload(ctx, e.alice, u.ID, 0, cutAfter(data, 1<<20)); err == nil {
			t.Error("interrupted append reported no error")
		}
		// A server restart: a new service over the same database and blobs.
		log := slog.New(slog.DiscardHandler)
		s2 := drive.New(e.db, e.blobs, audit.New(e.db, log), log, e.policy)
		got, err := s2.GetUpload(ctx, e.alice, u.ID)
		if err != nil || got.Offset != 1<<20 {
			t.Fatalf("after restart: %+v, %v; want offset %d", got, err, 1<<20)
		}
		if _, err := s2.GetUpload(ctx, e.bob, u.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("bob sees the upload: %v", err)
		}
		if _, _, err := s2.AppendUpload(ctx, e.alice, u.ID, 0, bytes.NewReader(data)); !errors.Is(err, errs.Conflict) {
			t.Errorf("append at a wrong offset = %v; want errs.Conflict", err)
		}
		if _, _, err := s2.AppendUpload(ctx, e.alice, u.ID, 1<<20, cutAfter(data[1<<20:], 1<<20)); err == nil {
			t.Error("second interrupted append reported no error")
		}
		if _, err := s2.Lookup(ctx, e.alice, "/gros.bin"); !errors.Is(err, errs.NotFound) {
			t.Errorf("an unfinished upload is visible: %v", err)
		}
		got, _ = s2.GetUpload(ctx, e.alice, u.ID)
		_, n, err := s2.AppendUpload(ctx, e.alice, u.ID, got.Offset, bytes.NewReader(data[got.Offset:]))
		if err != nil || n == nil {
			t.Fatalf("final append = %v, %v", n, err)
		}
		if string(data) != e.read(t, n.ID) {
			t.Error("the resumed upload differs from what was sent")
		}
		chunks := 0
		e.blobs.List(ctx, "drive-uploads/", func(blob.Info) error { chunks++; return nil })
		if chunks != 0 {
			t.Errorf("%d chunks left after completion", chunks)
		}
		if _, err := s2.GetUpload(ctx, e.alice, u.ID); !errors.Is(err, errs.NotFound) {
			t.Errorf("finished upload still listed: %v", err)
		}

		// Over quota from the start; expired uploads are dropped.
		if _, err := e.s.CreateUpload(ctx, e.alice, root.ID, "trop.bin", 65<<20); !errors.Is(err, errs.TooLarge) {
			t.Errorf("upload over quota = %v; want errs.TooLarge", err)
		}
		old, _ := e.s.CreateUpload(ctx, e.alice, root.ID, "oublié.bin", 10)
		e.s.AppendUpload(ctx, e.alice, old.ID, 0, bytes.NewReader([]byte("12345")))
		e.now = e.now.Add(25 * time.Hour)
		if _, err := e.s.PurgeExpired(ctx); err != nil {
			t.Fatal(err)
		}
		chunks = 0
		e.blobs.List(ctx, "drive-uploads/", func(blob.Info) error { chunks++; return nil })
		if chunks != 0 {
			t.Errorf("%d chunks left after expiry", chunks)
		}
	})
}
