// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strconv"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/ensemble-suite/ensemble/internal/errs"
)

// ThumbSizes are the sizes, in pixels of the longer side, that thumbnails
// are made at.
var ThumbSizes = []int{64, 256, 1024}

// MaxThumbPixels is the largest image, in decoded pixels, a thumbnail is
// made of: the header is read first, so a small file that would decode to
// gigabytes (a decompression bomb) is refused before it is decoded.
const MaxThumbPixels = 40_000_000

// thumbWorkers bounds how many thumbnails are made at once.
const thumbWorkers = 2

// ErrNotImage means a thumbnail was asked of a file that is not a JPEG,
// PNG, GIF or WebP image.
var ErrNotImage = errors.New("drive: not an image the server makes thumbnails of")

// Thumb is a made thumbnail.
type Thumb struct {
	// ContentType is image/jpeg, or image/png when the source has alpha.
	ContentType string
	// Data is the encoded thumbnail.
	Data []byte
	// ETag is the quoted entity tag: the content digest and the size.
	ETag string
}

// thumbKey is the blob key of the thumbnail of content sum at size: every
// version and copy with the same bytes shares it.
func thumbKey(sum string, size int) string { return "thumbs/" + sum + "-" + strconv.Itoa(size) }

// Thumbnail returns a thumbnail of file id at size (one of ThumbSizes),
// for whoever may download it. It is made on the first request and kept
// in the blob store.
func (s *Service) Thumbnail(ctx context.Context, actor, id string, size int) (Thumb, error) {
	if !validThumbSize(size) {
		return Thumb{}, errs.Explain(errs.Invalid, "The size must be 64, 256 or 1024.")
	}
	n, err := s.Get(ctx, actor, id)
	if err != nil {
		return Thumb{}, err
	}
	if n.Dir {
		return Thumb{}, fmt.Errorf("drive: thumbnail of folder %q: %w", id, ErrNotImage)
	}
	if err := s.downloadable(n); err != nil {
		return Thumb{}, err
	}
	t := Thumb{ETag: `"` + n.SHA256[:min(32, len(n.SHA256))] + "-" + strconv.Itoa(size) + `"`}
	key := thumbKey(n.SHA256, size)
	if data, err := s.readBlob(ctx, key); err == nil {
		t.Data, t.ContentType = data, sniffThumb(data)
		return t, nil
	} else if !errors.Is(err, errs.NotFound) {
		return t, err
	}
	select {
	case s.thumbSem <- struct{}{}:
		defer func() { <-s.thumbSem }()
	case <-ctx.Done():
		return t, ctx.Err()
	}
	c := s.Content(ctx, n)
	defer c.Close()
	data, ct, err := makeThumb(c, size)
	if err != nil {
		return t, err
	}
	if _, err := s.blobs.Put(ctx, key, bytes.NewReader(data), int64(len(data))); err != nil {
		return t, fmt.Errorf("drive: keep thumbnail: %w", err)
	}
	t.Data, t.ContentType = data, ct
	return t, nil
}

func validThumbSize(size int) bool {
	for _, v := range ThumbSizes {
		if v == size {
			return true
		}
	}
	return false
}

// readBlob reads the whole small blob at key.
func (s *Service) readBlob(ctx context.Context, key string) ([]byte, error) {
	rc, _, err := s.blobs.Get(ctx, key, 0, -1)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

func sniffThumb(data []byte) string {
	if bytes.HasPrefix(data, []byte("\x89PNG")) {
		return "image/png"
	}
	return "image/jpeg"
}

// makeThumb decodes the image in r (JPEG, PNG, GIF's first frame, WebP)
// and scales it to fit size×size, never up.
func makeThumb(r io.ReadSeeker, size int) ([]byte, string, error) {
	var head [16]byte
	n, _ := io.ReadFull(r, head[:])
	decodeConfig, decode := decoders(head[:n])
	if decode == nil {
		return nil, "", ErrNotImage
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, "", err
	}
	cfg, err := decodeConfig(r)
	if err != nil {
		return nil, "", fmt.Errorf("drive: thumbnail: %w: %v", ErrNotImage, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxThumbPixels {
		return nil, "", errs.Explain(errs.TooLarge, "The image is %d×%d pixels; thumbnails are made of images up to %d megapixels.", cfg.Width, cfg.Height, MaxThumbPixels/1_000_000)
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, "", err
	}
	src, err := decode(r)
	if err != nil {
		return nil, "", fmt.Errorf("drive: thumbnail: %w: %v", ErrNotImage, err)
	}
	b := src.Bounds()
	w, h := fit(b.Dx(), b.Dy(), size)
	alpha := hasAlpha(src)
	var dst draw.Image
	if alpha {
		dst = image.NewNRGBA(image.Rect(0, 0, w, h))
	} else {
		rgba := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(rgba, rgba.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		dst = rgba
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var out bytes.Buffer
	if alpha {
		err = png.Encode(&out, dst)
		return out.Bytes(), "image/png", err
	}
	err = jpeg.Encode(&out, dst, &jpeg.Options{Quality: 82})
	return out.Bytes(), "image/jpeg", err
}

// decoders picks the format from the magic bytes, not from the name.
func decoders(head []byte) (func(io.Reader) (image.Config, error), func(io.Reader) (image.Image, error)) {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return jpeg.DecodeConfig, jpeg.Decode
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return png.DecodeConfig, png.Decode
	case bytes.HasPrefix(head, []byte("GIF8")):
		return gif.DecodeConfig, gif.Decode
	case len(head) >= 12 && string(head[:4]) == "RIFF" && string(head[8:12]) == "WEBP":
		return webp.DecodeConfig, webp.Decode
	}
	return nil, nil
}

// fit scales w×h to fit in size×size, keeping the ratio, never enlarging.
func fit(w, h, size int) (int, int) {
	if w <= size && h <= size {
		return w, h
	}
	if w >= h {
		return size, max(1, h*size/w)
	}
	return max(1, w*size/h), size
}

// hasAlpha reports whether img has any pixel that is not opaque.
func hasAlpha(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return !o.Opaque()
	}
	return true
}
