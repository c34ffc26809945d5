// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/drive"
)

// TestLargeContentVerified checks a content of several MiB (sent in more
// than one write): read whole it is intact, and once a byte of the blob
// changes, reading it whole, directly or over HTTP with or without
// Range: bytes=0-, withholds the end; a part is still served.
func TestLargeContentVerified(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		ctx := t.Context()
		data := make([]byte, 3<<20+17)
		rand.NewChaCha8([32]byte{3}).Read(data)
		root := e.root(t, e.alice)
		f, err := e.s.Put(ctx, e.alice, root.ID, "big.bin", bytes.NewReader(data), drive.PutOptions{Size: int64(len(data))})
		if err != nil {
			t.Fatal(err)
		}
		_, c, err := e.s.Open(ctx, e.alice, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(c)
		c.Close()
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("read = %d bytes, %v", len(got), err)
		}
		rec := httptest.NewRecorder()
		e.s.ServeContent(rec, httptest.NewRequest("GET", "/", nil), f)
		if !bytes.Equal(rec.Body.Bytes(), data) {
			t.Fatalf("served %d bytes, status %d", rec.Body.Len(), rec.Code)
		}

		var key string
		e.blobs.List(ctx, "drive/", func(i blob.Info) error { key = i.Key; return nil })
		tampered := bytes.Clone(data)
		tampered[2<<20] ^= 1
		if _, err := e.blobs.Put(ctx, key, bytes.NewReader(tampered), int64(len(tampered))); err != nil {
			t.Fatal(err)
		}
		_, c, err = e.s.Open(ctx, e.alice, f.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err = io.ReadAll(c)
		c.Close()
		if !errors.Is(err, drive.ErrChecksum) || len(got) >= len(data) {
			t.Errorf("read of tampered blob = %d bytes, %v; want fewer and ErrChecksum", len(got), err)
		}
		for _, rng := range []string{"", "bytes=0-"} {
			req := httptest.NewRequest("GET", "/", nil)
			if rng != "" {
				req.Header.Set("Range", rng)
			}
			rec := httptest.NewRecorder()
			e.s.ServeContent(rec, req, f)
			if rec.Body.Len() >= len(data) {
				t.Errorf("Range %q: served %d bytes of a tampered blob, status %d", rng, rec.Body.Len(), rec.Code)
			}
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("Range", "bytes=0-99")
		rec = httptest.NewRecorder()
		e.s.ServeContent(rec, req, f)
		if rec.Code != 206 || !bytes.Equal(rec.Body.Bytes(), data[:100]) {
			t.Errorf("range of 100 bytes = %d, %d bytes", rec.Code, rec.Body.Len())
		}
	})
}
