// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package docconv

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"strings"
	"time"
)

// zipEntry is one file of an office package.
type zipEntry struct {
	name   string
	data   []byte
	stored bool // written without compression (ODF's mimetype)
}

// writeZip writes entries, in order, as a zip archive with a fixed date so
// that an export of the same document gives the same bytes.
func writeZip(entries []zipEntry) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
		var w io.Writer
		var err error
		if e.stored {
			// Sizes and checksum in the local header, no data descriptor:
			// ODF's mimetype must be readable at a fixed offset.
			h.Method = zip.Store
			h.CRC32 = crc32.ChecksumIEEE(e.data)
			h.CompressedSize64 = uint64(len(e.data))
			h.UncompressedSize64 = uint64(len(e.data))
			w, err = zw.CreateRaw(h)
		} else {
			w, err = zw.CreateHeader(h)
		}
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// xmlText escapes s for XML character data and attribute values, dropping
// the characters XML 1.0 cannot hold.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\t' || r == '\n':
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// styleKey names a combination of inline styles.
func styleKey(r Inline) string {
	var k []byte
	for _, f := range []struct {
		on bool
		c  byte
	}{{r.Bold, 'b'}, {r.Italic, 'i'}, {r.Underline, 'u'}, {r.Strike, 's'}, {r.Code, 'c'}} {
		if f.on {
			k = append(k, f.c)
		}
	}
	return string(k)
}
