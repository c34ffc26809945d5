// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/ensemble-suite/ensemble/internal/blob"
	"github.com/ensemble-suite/ensemble/internal/drive"
	"github.com/ensemble-suite/ensemble/internal/errs"
	"github.com/ensemble-suite/ensemble/internal/identity"
)

// testImage is a w×h gradient, transparent on the left half if alpha.
func testImage(w, h int, alpha bool) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			a := uint8(255)
			if alpha && x < w/2 {
				a = 0
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(x), uint8(y), 128, a})
		}
	}
	return img
}

func encode(t *testing.T, format string, img image.Image) string {
	t.Helper()
	var b bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&b, img, nil)
	case "png":
		err = png.Encode(&b, img)
	case "gif":
		err = gif.EncodeAll(&b, &gif.GIF{
			Image: []*image.Paletted{paletted(img, color.White), paletted(img, color.Black)},
			Delay: []int{10, 10},
		})
	}
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// pngBomb is a small PNG whose header claims w×h pixels.
func pngBomb(t *testing.T, w, h uint32) string {
	b := []byte(encode(t, "png", testImage(1, 1, false)))
	// Signature (8), length (4), "IHDR" (4), then width and height.
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return string(b)
}

func paletted(img image.Image, c color.Color) *image.Paletted {
	p := image.NewPaletted(img.Bounds(), color.Palette{color.Black, color.White})
	for y := range img.Bounds().Dy() {
		for x := range img.Bounds().Dx() {
			p.Set(x, y, c)
		}
	}
	return p
}

// Each format gives a thumbnail that fits the size, in the right format;
// the second request is answered from the kept blob.
func TestThumbnails(t *testing.T) {
	webpFile, err := os.ReadFile("testdata/thumb.webp") // 150×100, from golang.org/x/image's testdata
	if err != nil {
		t.Fatal(err)
	}
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		root := e.root(t, e.alice).ID
		cases := []struct {
			name, content, ct string
			w, h              int
		}{
			{"a.jpg", encode(t, "jpeg", testImage(600, 300, false)), "image/jpeg", 256, 128},
			{"b.png", encode(t, "png", testImage(300, 600, true)), "image/png", 128, 256},
			{"c.png", encode(t, "png", testImage(40, 20, false)), "image/jpeg", 40, 20},
			{"d.gif", encode(t, "gif", testImage(512, 512, false)), "image/jpeg", 256, 256},
			{"e.webp", string(webpFile), "image/jpeg", 256, 170},
		}
		for _, c := range cases {
			f := e.put(t, root, c.name, c.content)
			th, err := e.s.Thumbnail(t.Context(), e.alice, f.ID, 256)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			img, format, err := image.Decode(bytes.NewReader(th.Data))
			if err != nil {
				t.Fatalf("%s: decode thumbnail: %v", c.name, err)
			}
			if th.ContentType != c.ct || "image/"+format != c.ct {
				t.Errorf("%s: type %s (%s), want %s", c.name, th.ContentType, format, c.ct)
			}
			w, h := img.Bounds().Dx(), img.Bounds().Dy()
			if c.name == "e.webp" {
				c.w, c.h = 150, 100 // smaller than 256: never enlarged
			}
			if w != c.w || h != c.h {
				t.Errorf("%s: %d×%d, want %d×%d", c.name, w, h, c.w, c.h)
			}
			if c.name == "d.gif" {
				// The first frame is white, the second black.
				if r, _, _, _ := img.At(128, 128).RGBA(); r < 0xe000 {
					t.Errorf("gif thumbnail is not the first frame: %v", img.At(128, 128))
				}
			}
		}

		// The second request reads the kept blob: replace it and see.
		f := e.put(t, root, "again.png", cases[1].content)
		first, err := e.s.Thumbnail(t.Context(), e.alice, f.ID, 64)
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		e.blobs.List(t.Context(), "thumbs/", func(i blob.Info) error { keys = append(keys, i.Key); return nil })
		var key string
		for _, k := range keys {
			if strings.HasPrefix(k, "thumbs/"+f.SHA256) && strings.HasSuffix(k, "-64") {
				key = k
			}
		}
		if key == "" {
			t.Fatalf("no kept thumbnail among %v", keys)
		}
		marker := "\x89PNG kept"
		if _, err := e.blobs.Put(t.Context(), key, strings.NewReader(marker), int64(len(marker))); err != nil {
			t.Fatal(err)
		}
		again, err := e.s.Thumbnail(t.Context(), e.alice, f.ID, 64)
		if err != nil || string(again.Data) != marker || again.ETag != first.ETag {
			t.Fatalf("second request: %q %v, etag %s vs %s", again.Data, err, again.ETag, first.ETag)
		}
		// A copy has the same bytes, and so the same thumbnail.
		cp, err := e.s.Copy(t.Context(), e.alice, f.ID, root, "copy.png", false)
		if err != nil {
			t.Fatal(err)
		}
		if th, err := e.s.Thumbnail(t.Context(), e.alice, cp.ID, 64); err != nil || string(th.Data) != marker {
			t.Fatalf("copy: %q %v", th.Data, err)
		}
	})
}

// Refusals: not an image, a bad size, a decompression bomb, an outsider.
func TestThumbnailRefusals(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		root := e.root(t, e.alice).ID
		txt := e.put(t, root, "a.png", "just text, named like an image")
		if _, err := e.s.Thumbnail(t.Context(), e.alice, txt.ID, 256); !errors.Is(err, drive.ErrNotImage) {
			t.Errorf("text: %v", err)
		}
		img := e.put(t, root, "i.png", encode(t, "png", testImage(10, 10, false)))
		if _, err := e.s.Thumbnail(t.Context(), e.alice, img.ID, 300); !errors.Is(err, errs.Invalid) {
			t.Errorf("size 300: %v", err)
		}
		if _, err := e.s.Thumbnail(t.Context(), e.bob, img.ID, 256); !errors.Is(err, errs.NotFound) {
			t.Errorf("outsider: %v", err)
		}
		// A 20000×20000 PNG header (400 megapixels) is refused before decoding.
		b := e.put(t, root, "bomb.png", pngBomb(t, 20000, 20000))
		if _, err := e.s.Thumbnail(t.Context(), e.alice, b.ID, 64); !errors.Is(err, errs.TooLarge) {
			t.Errorf("bomb: %v", err)
		}
	})
}

// Over HTTP: 200 with ETag and Cache-Control, 304, 415, 404 for an outsider.
func TestThumbnailHTTP(t *testing.T) {
	each(t, drive.Options{}, func(t *testing.T, e *env) {
		mux := http.NewServeMux()
		e.s.Mount(mux)
		root := e.root(t, e.alice).ID
		img := e.put(t, root, "i.jpg", encode(t, "jpeg", testImage(100, 50, false)))
		txt := e.put(t, root, "t.txt", "hello")
		get := func(user, id, etag string) *httptest.ResponseRecorder {
			r := httptest.NewRequest("GET", "/api/v1/files/"+id+"/thumbnail?size=64", nil)
			r = r.WithContext(identity.WithPrincipal(r.Context(), identity.Principal{User: identity.User{ID: user}}))
			if etag != "" {
				r.Header.Set("If-None-Match", etag)
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			return w
		}
		w := get(e.alice, img.ID, "")
		if w.Code != 200 || w.Header().Get("Content-Type") != "image/jpeg" || w.Header().Get("ETag") == "" ||
			!strings.HasPrefix(w.Header().Get("Cache-Control"), "private") {
			t.Fatalf("thumbnail: %d %v", w.Code, w.Header())
		}
		if w := get(e.alice, img.ID, w.Header().Get("ETag")); w.Code != http.StatusNotModified {
			t.Errorf("If-None-Match: %d", w.Code)
		}
		if w := get(e.alice, txt.ID, ""); w.Code != http.StatusUnsupportedMediaType {
			t.Errorf("text: %d %s", w.Code, w.Body)
		}
		if w := get(e.bob, img.ID, ""); w.Code != http.StatusNotFound {
			t.Errorf("outsider: %d", w.Code)
		}
	})
}
