// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"bytes"
	"encoding/base64"
	"html"
	"image"
	_ "image/gif"  // decode the size of GIF images
	_ "image/jpeg" // and JPEG
	_ "image/png"  // and PNG
	"net/url"
	"strings"
)

// SafeURL returns href if it is a link a reader may follow without running
// anything: http, https, mailto and tel addresses, and relative ones.
// javascript:, data:, vbscript: and every other scheme are refused, as are
// addresses with control characters (browsers drop tabs and newlines, so
// "java\tscript:" would otherwise slip through).
func SafeURL(href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || len(href) > 4096 {
		return "", false
	}
	for _, r := range href {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	if strings.ContainsAny(href, "&\\") && html.UnescapeString(href) != href {
		// A character reference could spell a scheme for some reader.
		if _, ok := SafeURL(html.UnescapeString(strings.ReplaceAll(href, "\\", "/"))); !ok {
			return "", false
		}
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https", "mailto", "tel":
		return href, true
	case "":
		// A relative address; a colon before the first slash would make
		// some readers take it for a scheme.
		first := strings.IndexAny(href, "/?#")
		if i := strings.IndexByte(href, ':'); i >= 0 && (first < 0 || i < first) {
			return "", false
		}
		return href, true
	}
	return "", false
}

// maxImage bounds one embedded image.
const maxImage = 10 << 20

// Picture is a decoded embedded image.
type Picture struct {
	// Data is the image file.
	Data []byte
	// Ext is its extension without a dot: png, jpg or gif.
	Ext string
	// MIME is its media type.
	MIME string
	// Width and Height are in pixels.
	Width, Height int
}

// picture decodes an image block's address when it is a data: URL of a PNG,
// JPEG or GIF image whose header decodes. Other addresses (the blob store,
// third-party sites) are never fetched here: the exporters show a
// placeholder with the caption and the link instead.
func picture(u string) (Picture, bool) {
	rest, ok := strings.CutPrefix(u, "data:")
	if !ok {
		return Picture{}, false
	}
	meta, data, ok := strings.Cut(rest, ",")
	if !ok || !strings.HasSuffix(meta, ";base64") || base64.StdEncoding.DecodedLen(len(data)) > maxImage {
		return Picture{}, false
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return Picture{}, false
	}
	return decodePicture(raw)
}

// decodePicture recognises a PNG, JPEG or GIF file and reads its size.
func decodePicture(raw []byte) (Picture, bool) {
	if len(raw) > maxImage {
		return Picture{}, false
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width > 20000 || cfg.Height > 20000 {
		return Picture{}, false
	}
	p := Picture{Data: raw, Width: cfg.Width, Height: cfg.Height}
	switch format {
	case "png":
		p.Ext, p.MIME = "png", "image/png"
	case "jpeg":
		p.Ext, p.MIME = "jpg", "image/jpeg"
	case "gif":
		p.Ext, p.MIME = "gif", "image/gif"
	default:
		return Picture{}, false
	}
	return p, true
}

// dataURL makes a data: URL of an image.
func (p Picture) dataURL() string {
	return "data:" + p.MIME + ";base64," + base64.StdEncoding.EncodeToString(p.Data)
}

// fitCM returns the picture's size in centimetres at 96 dpi, scaled down to
// fit maxW centimetres wide.
func (p Picture) fitCM(maxW float64) (w, h float64) {
	w = float64(p.Width) * 2.54 / 96
	h = float64(p.Height) * 2.54 / 96
	if w > maxW {
		h = h * maxW / w
		w = maxW
	}
	if w < 0.1 {
		w = 0.1
	}
	if h < 0.1 {
		h = 0.1
	}
	return w, h
}
